package io.firefly.offlineaws.template;

/**
 * What {@code Ref} and {@code Fn::GetAtt} of a resource resolve to. The stack engine supplies it, because only
 * it knows the physical ids and attributes of the resources it has created.
 */
public interface ResourceAttributes {

    /** The physical id; throws {@link TemplateException} when the resource has none yet. */
    String ref(String logicalId);

    /**
     * The attribute value; throws {@link TemplateException} {@code Template error: resource X does not support
     * attribute type Y in Fn::GetAtt} when the resource type has no such attribute.
     */
    String getAtt(String logicalId, String attribute);
}

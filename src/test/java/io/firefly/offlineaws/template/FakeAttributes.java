package io.firefly.offlineaws.template;

import java.util.Map;

/** Physical ids "<id>-physical" and attributes "<id>.<attribute>" for the resources named, as a stack engine would report them. */
record FakeAttributes(Map<String, String> physicalIds) implements ResourceAttributes {

    static FakeAttributes of(String... logicalIds) {
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (String id : logicalIds) {
            ids.put(id, id.toLowerCase() + "-physical");
        }
        return new FakeAttributes(ids);
    }

    @Override
    public String ref(String logicalId) {
        String id = physicalIds.get(logicalId);
        if (id == null) {
            throw new TemplateException("Resource " + logicalId + " has no physical id yet");
        }
        return id;
    }

    @Override
    public String getAtt(String logicalId, String attribute) {
        if (attribute.equals("Unknown")) {
            throw new TemplateException("Template error: resource " + logicalId
                    + " does not support attribute type Unknown in Fn::GetAtt");
        }
        return "arn:" + ref(logicalId) + ":" + attribute;
    }
}

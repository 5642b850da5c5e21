package io.firefly.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Exactly one place the CloudFormation template comes from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.body) ? 1 : 0) + (has(self.configMapKeyRef) ? 1 : 0) + (has(self.url) ? 1 : 0) == 1",
        message = "spec.template must set exactly one of body, configMapKeyRef or url: keep one source and remove the others")
public class TemplateSource {
    @Size(min = 1, max = 51200)
    @JsonPropertyDescription("The template inline, YAML or JSON, at most 51,200 bytes.")
    private String body;

    @JsonPropertyDescription("A key of a ConfigMap in this namespace that holds the template.")
    private KeyRef configMapKeyRef;

    @Pattern("^https://.+")
    @JsonPropertyDescription("An https URL CloudFormation reads the template from (TemplateURL), usually in S3.")
    private String url;

    public TemplateSource() {}

    public static TemplateSource inline(String body) {
        TemplateSource source = new TemplateSource();
        source.setBody(body);
        return source;
    }

    public String getBody() { return body; }
    public void setBody(String body) { this.body = body; }
    public KeyRef getConfigMapKeyRef() { return configMapKeyRef; }
    public void setConfigMapKeyRef(KeyRef configMapKeyRef) { this.configMapKeyRef = configMapKeyRef; }
    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
}

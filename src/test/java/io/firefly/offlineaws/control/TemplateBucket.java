package io.firefly.offlineaws.control;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S3 objects CloudFormation reads TemplateURLs from: there is no S3 here, so a test puts a
 * template under a bucket and key, and a TemplateURL naming that object, in any of S3's URL styles,
 * reads it back.
 */
public final class TemplateBucket {
    /** https://bucket.s3.amazonaws.com/key or https://bucket.s3.region.amazonaws.com/key */
    private static final Pattern VIRTUAL_HOSTED = Pattern.compile("^([a-z0-9.-]+)\\.s3(?:[.-][a-z0-9-]+)?\\.amazonaws\\.com$");
    /** https://s3.amazonaws.com/bucket/key or https://s3.region.amazonaws.com/bucket/key */
    private static final Pattern PATH_STYLE = Pattern.compile("^s3(?:[.-][a-z0-9-]+)?\\.amazonaws\\.com$");

    private final Map<String, String> objects = new ConcurrentHashMap<>();

    public void put(String bucket, String key, String body) {
        objects.put(bucket + "/" + key, body);
    }

    /** The object a TemplateURL names, or empty when it names none (or is not an S3 URL). */
    public Optional<String> read(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String host = String.valueOf(uri.getHost());
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        Matcher virtual = VIRTUAL_HOSTED.matcher(host);
        if (virtual.matches()) {
            return Optional.ofNullable(objects.get(virtual.group(1) + "/" + path));
        }
        if (PATH_STYLE.matcher(host).matches()) {
            return Optional.ofNullable(objects.get(path));
        }
        return Optional.empty();
    }
}

package io.firefly.offlineaws.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.function.BiConsumer;

/** Writes the small XML documents of Query replies: elements, text and {@code <member>} lists. */
public final class XmlWriter {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder();
    private final Deque<String> open = new ArrayDeque<>();

    public XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    public XmlWriter start(String name, String xmlns) {
        out.append('<').append(name).append(" xmlns=\"").append(escape(xmlns)).append("\">");
        open.push(name);
        return this;
    }

    public XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** An element with text; nothing at all when the value is null, as AWS omits absent fields. */
    public XmlWriter element(String name, Object value) {
        if (value == null) {
            return this;
        }
        String text = value instanceof Instant instant ? timestamp(instant) : value.toString();
        out.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
        return this;
    }

    /** A list: {@code <name><member>...</member>...</name>}, each member written by {@code member}. */
    public <T> XmlWriter list(String name, Collection<T> items, BiConsumer<XmlWriter, T> member) {
        start(name);
        for (T item : items) {
            start("member");
            member.accept(this, item);
            end();
        }
        return end();
    }

    /** A list of plain values. */
    public XmlWriter values(String name, Collection<String> values) {
        start(name);
        for (String v : values) {
            element("member", v);
        }
        return end();
    }

    /** Text that is already XML, e.g. a result written by another writer. */
    public XmlWriter raw(String xml) {
        out.append(xml);
        return this;
    }

    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                case '\r' -> escaped.append("&#xD;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements " + open);
        }
        return out.toString();
    }
}

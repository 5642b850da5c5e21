package io.firefly.operator.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Finds where each member of a template's mapping sits in the text, and cuts members out of it without
 * touching any other character.
 */
final class TemplateMembers {

    private static final JsonFactory JSON = new JsonFactory();

    /** One member: where its key starts and its value ends, and in block YAML the lines it owns (character offsets). */
    private record Member(String key, int keyStart, int valueEnd, int lineStart, int linesEnd) {
    }

    /** The members of one mapping, in text order; {@code flow} for JSON objects and YAML {...} mappings. */
    private record Mapping(List<Member> members, boolean flow) {
    }

    private record Span(int start, int end) {
    }

    private TemplateMembers() {
    }

    static String cut(String text, CloudFormationTemplate.Format format, List<String> path, Predicate<String> drop) {
        Optional<Mapping> mapping = format == CloudFormationTemplate.Format.JSON ? json(text, path) : yaml(text, path);
        if (mapping.isEmpty()) {
            return text;
        }
        List<Span> spans = mapping.get().flow() ? flowSpans(mapping.get().members(), drop) : blockSpans(mapping.get().members(), drop);
        StringBuilder out = new StringBuilder(text);
        spans.stream().sorted(Comparator.comparingInt(Span::start).reversed())
                .forEach(span -> out.delete(span.start(), span.end()));
        return out.toString();
    }

    /** In block YAML each member owns whole lines, so members are cut independently. */
    private static List<Span> blockSpans(List<Member> members, Predicate<String> drop) {
        return members.stream().filter(m -> drop.test(m.key())).map(m -> new Span(m.lineStart(), m.linesEnd())).toList();
    }

    /**
     * Between flow members sits a comma: a member followed by one that stays goes with the separator after it,
     * a member after the last one that stays goes with the separator before it, so no comma is left dangling.
     */
    private static List<Span> flowSpans(List<Member> members, Predicate<String> drop) {
        int lastKept = -1;
        for (int i = 0; i < members.size(); i++) {
            if (!drop.test(members.get(i).key())) {
                lastKept = i;
            }
        }
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Member member = members.get(i);
            if (!drop.test(member.key())) {
                continue;
            }
            if (i < lastKept) {
                spans.add(new Span(member.keyStart(), members.get(i + 1).keyStart()));
            } else if (lastKept >= 0) {
                spans.add(new Span(members.get(i - 1).valueEnd(), member.valueEnd()));
            } else {
                int end = i + 1 < members.size() ? members.get(i + 1).keyStart() : member.valueEnd();
                spans.add(new Span(member.keyStart(), end));
            }
        }
        return spans;
    }

    private static Optional<Mapping> json(String text, List<String> path) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || !enter(parser, path)) {
                return Optional.empty();
            }
            List<String> keys = new ArrayList<>();
            List<Integer> keyStarts = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                keys.add(parser.currentName());
                keyStarts.add(offset(parser));
                parser.nextToken();
                parser.skipChildren();
            }
            int close = offset(parser);
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                int next = i + 1 < keys.size() ? keyStarts.get(i + 1) : close;
                members.add(new Member(keys.get(i), keyStarts.get(i), jsonValueEnd(text, next), -1, -1));
            }
            return Optional.of(new Mapping(members, true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves the parser, at the start of an object, into the object the keys lead to; false when there is none. */
    private static boolean enter(JsonParser parser, List<String> path) throws IOException {
        for (String key : path) {
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(key)) {
                    if (value != JsonToken.START_OBJECT) {
                        return false;
                    }
                    break;
                }
                parser.skipChildren();
            }
            if (token != JsonToken.FIELD_NAME) {
                return false;
            }
        }
        return true;
    }

    private static int offset(JsonParser parser) {
        return (int) parser.currentTokenLocation().getCharOffset();
    }

    /** JSON has no comments: a value ends at the last character before the separator that follows it. */
    private static int jsonValueEnd(String text, int nextToken) {
        int i = nextToken - 1;
        while (Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        if (text.charAt(i) == ',') {
            i--;
            while (Character.isWhitespace(text.charAt(i))) {
                i--;
            }
        }
        return i + 1;
    }

    private static Optional<Mapping> yaml(String text, List<String> path) {
        YamlTemplateReader keys = new YamlTemplateReader(ScalarReading.CLOUDFORMATION);
        Node node = YamlTemplateReader.compose(text);
        for (String key : path) {
            if (!(node instanceof MappingNode mapping)) {
                return Optional.empty();
            }
            node = mapping.getValue().stream()
                    .filter(t -> t.getKeyNode() instanceof ScalarNode k && keys.keyText(k).equals(key))
                    .map(NodeTuple::getValueNode).findFirst().orElse(null);
        }
        if (!(node instanceof MappingNode mapping)) {
            return Optional.empty();
        }
        CodePoints positions = new CodePoints(text);
        List<Member> members = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                continue;
            }
            int keyStart = positions.charIndex(key.getStartMark().getIndex());
            int valueEnd = positions.charIndex(contentEnd(tuple.getValueNode()));
            int lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
            if (!text.substring(lineStart, keyStart).isBlank()) {
                lineStart = keyStart;
            }
            members.add(new Member(keys.keyText(key), keyStart, valueEnd, lineStart,
                    linesEnd(text, keyStart, key.getStartMark().getColumn(), valueEnd)));
        }
        return Optional.of(new Mapping(members, mapping.getFlowStyle() == FlowStyle.FLOW));
    }

    /**
     * Where a value ends, in code points. A block collection's own end mark lies where the next token starts,
     * possibly on a sibling's line, so its end is its last item's.
     */
    private static int contentEnd(Node node) {
        if (node instanceof CollectionNode<?> collection && collection.getFlowStyle() == FlowStyle.BLOCK) {
            Object last = collection.getValue().isEmpty() ? null : collection.getValue().get(collection.getValue().size() - 1);
            if (last instanceof NodeTuple tuple) {
                return contentEnd(tuple.getValueNode());
            }
            if (last instanceof Node item) {
                return contentEnd(item);
            }
        }
        return node.getEndMark().getIndex();
    }

    /**
     * The end of a block member's lines: through the line its value ends on, then on while lines are indented
     * deeper than its key. Blank and comment lines after the member's last content line stay: they may
     * describe what follows.
     */
    private static int linesEnd(String text, int keyStart, int keyColumn, int contentEnd) {
        int end = lineEnd(text, Math.max(keyStart, contentEnd - 1));
        int scan = end;
        while (scan < text.length()) {
            int next = lineEnd(text, scan);
            String line = text.substring(scan, next);
            String content = line.strip();
            if (!content.isEmpty() && !content.startsWith("#")) {
                int indent = line.length() - line.stripLeading().length();
                if (indent <= keyColumn) {
                    break;
                }
                end = next;
            }
            scan = next;
        }
        return end;
    }

    /** The offset just after the line break ending the line that holds {@code index}, or the end of the text. */
    private static int lineEnd(String text, int index) {
        int newline = text.indexOf('\n', index);
        return newline < 0 ? text.length() : newline + 1;
    }

    /** SnakeYAML counts positions in code points; Java strings in UTF-16 characters. */
    private record CodePoints(String text) {
        int charIndex(int codePoints) {
            return text.offsetByCodePoints(0, Math.min(codePoints, text.codePointCount(0, text.length())));
        }
    }
}

package io.firefly.operator.packaging;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs the shipped Argo CD health check the way Argo CD does: the object, as JSON turned into Lua
 * tables, in the global {@code obj}; the script returns a table with status and message.
 */
public final class ArgoCdHealthCheck {
    static final Path SCRIPT = Path.of("deploy", "argocd", "health-fireflystack.lua");
    static final Path ACCOUNT_SCRIPT = Path.of("deploy", "argocd", "health-fireflyaccount.lua");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final Path path;
    private final String script;

    /** The FireflyStack health check. */
    public ArgoCdHealthCheck() throws IOException {
        this(SCRIPT);
    }

    public ArgoCdHealthCheck(Path path) throws IOException {
        this.path = path;
        this.script = Files.readString(path);
    }

    public Health assess(HasMetadata object) {
        Globals globals = JsePlatform.standardGlobals();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = SERIALIZATION.convertValue(object, Map.class);
        globals.set("obj", toLua(json));
        LuaValue result = globals.load(script, path.toString()).call();
        return new Health(result.get("status").tojstring(), result.get("message").optjstring(null));
    }

    /** JSON values as Argo CD hands them to Lua: objects and arrays become tables, numbers doubles. */
    private static LuaValue toLua(Object value) {
        if (value == null) {
            return LuaValue.NIL;
        }
        if (value instanceof Map<?, ?> map) {
            LuaTable table = new LuaTable();
            map.forEach((key, item) -> table.set(key.toString(), toLua(item)));
            return table;
        }
        if (value instanceof List<?> list) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < list.size(); i++) {
                table.set(i + 1, toLua(list.get(i)));
            }
            return table;
        }
        if (value instanceof Number number) {
            return LuaValue.valueOf(number.doubleValue());
        }
        if (value instanceof Boolean bool) {
            return LuaValue.valueOf(bool);
        }
        return LuaValue.valueOf(value.toString());
    }

    public record Health(String status, String message) {
    }
}

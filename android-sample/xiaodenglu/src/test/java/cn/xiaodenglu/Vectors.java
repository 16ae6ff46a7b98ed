package cn.xiaodenglu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared contract vectors in {@code test/vectors/}, read in place (the TypeScript and Swift tests read
 * the same files; nothing is copied here). The runner passes the repository root as
 * {@code -Dxiaodenglu.repoRoot}.
 */
final class Vectors {
    private Vectors() {}

    static Path repoRoot() {
        String root = System.getProperty("xiaodenglu.repoRoot");
        if (root == null || root.isEmpty()) {
            throw new IllegalStateException("set -Dxiaodenglu.repoRoot to the repository root (android-sample/run-junit.sh does)");
        }
        return Paths.get(root);
    }

    private static String readRepoFile(String relativePath) throws IOException {
        return new String(Files.readAllBytes(repoRoot().resolve(relativePath)), StandardCharsets.UTF_8);
    }

    /** The cases under {@code key} in {@code test/vectors/<file>}, each a JSON object. */
    static List<Map<?, ?>> cases(String file, String key) throws IOException, Json.SyntaxError {
        Object parsed = Json.parse(readRepoFile("test/vectors/" + file));
        Object list = ((Map<?, ?>) parsed).get(key);
        if (!(list instanceof List) || ((List<?>) list).isEmpty()) throw new IllegalStateException(file + " has no " + key + " cases");
        List<Map<?, ?>> cases = new ArrayList<Map<?, ?>>();
        for (Object item : (List<?>) list) cases.add((Map<?, ?>) item);
        return cases;
    }

    /** A string member, or {@code null} when absent. */
    static String string(Map<?, ?> object, String key) {
        return (String) object.get(key);
    }

    static Map<?, ?> object(Map<?, ?> object, String key) {
        return (Map<?, ?>) object.get(key);
    }

    static boolean bool(Map<?, ?> object, String key) {
        return (Boolean) object.get(key);
    }

    static String repeat(String text, int times) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < times; i++) out.append(text);
        return out.toString();
    }
}

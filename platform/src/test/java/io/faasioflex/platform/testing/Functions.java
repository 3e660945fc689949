package io.faasioflex.platform.testing;

/** JSON bodies of functions built on the demo image, for tests. */
public final class Functions {

    private Functions() {}

    /** A stdio function running {@code command} (a JSON array) with the given limits. */
    public static String stdio(String name, String command, String limits) {
        return """
                {"name": "%s", "image": "%s", "mode": "stdio", "command": %s%s}""".formatted(name, PlatformHarness.DEMO_IMAGE, command, limits.isEmpty() ? "" : ", " + limits);
    }

    /** A stdio function that echoes its input. */
    public static String echo(String name) {
        return stdio(name, "[\"/bin/cat\"]", "\"timeoutMs\": 5000, \"maxInstances\": 2");
    }

    /** An http function: busybox httpd serving a CGI script that echoes the request body. */
    public static String httpEcho(String name) {
        return """
                {"name": "%s", "image": "%s", "mode": "http", "httpPath": "/cgi-bin/echo",
                 "command": ["/bin/busybox", "httpd", "-f", "-p", "127.0.0.1:8080", "-h", "/www"],
                 "timeoutMs": 5000, "maxInstances": 1}""".formatted(name, PlatformHarness.DEMO_IMAGE);
    }
}

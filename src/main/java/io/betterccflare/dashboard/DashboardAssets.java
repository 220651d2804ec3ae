package io.betterccflare.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The dashboard's files, read once from the classpath folder {@code dashboard/} into memory. Assets are
 * addressed under {@code /assets/<tag>/}, where the tag is a hash of their content, so browsers may cache
 * them for a year; the index page names that tag, preloads every module (no import waterfall) and names the
 * versions of the webjars it imports, which are served from the classpath at {@code /webjars/<name>/<version>/}.
 * Thread-safe: the dashboard files never change after {@link #load}; webjar files are cached as first read.
 */
public final class DashboardAssets {
    private static final String ROOT = "dashboard";
    private static final String INDEX = "index.html";

    private static final String WEBJARS = "META-INF/resources/webjars/";

    private final Map<String, byte[]> files;
    private final Map<String, Optional<byte[]>> webjarFiles = new ConcurrentHashMap<>();
    private final String tag;
    private final String indexHtml;
    private final String contentSecurityPolicy;

    private DashboardAssets(Map<String, byte[]> files, String tag, String indexHtml) {
        this.files = files;
        this.tag = tag;
        this.indexHtml = indexHtml;
        this.contentSecurityPolicy = contentSecurityPolicy(indexHtml);
    }

    /**
     * The index page's policy (issue 15): scripts only from this server plus the index's own inline scripts (the
     * theme snippet and the import map) by hash, no plugins, no framing. Styles allow inline attributes, which
     * the charts set.
     */
    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    private static String contentSecurityPolicy(String html) {
        StringBuilder hashes = new StringBuilder();
        java.util.regex.Matcher inline = java.util.regex.Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>(.*?)</script>",
                java.util.regex.Pattern.DOTALL).matcher(html);
        while (inline.find()) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(inline.group(1).getBytes(StandardCharsets.UTF_8));
                hashes.append(" 'sha256-").append(java.util.Base64.getEncoder().encodeToString(digest)).append('\'');
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }
        return "default-src 'self'; script-src 'self'" + hashes + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    /** Reads every file under {@code dashboard/} and renders the index for the given product version. */
    public static DashboardAssets load(String productVersion) {
        Map<String, byte[]> files = readAll();
        byte[] index = files.remove(INDEX);
        if (index == null) {
            throw new IllegalStateException("The dashboard is missing from the classpath (" + ROOT + "/" + INDEX + ")");
        }
        String tag = hash(files);
        StringBuilder preloads = new StringBuilder();
        for (String name : new TreeMap<>(files).keySet()) {
            if (name.endsWith(".js")) {
                preloads.append("<link rel=\"modulepreload\" href=\"/assets/").append(tag).append('/').append(name).append("\">\n");
            }
        }
        String html = new String(index, StandardCharsets.UTF_8)
                .replace("{{preloads}}", preloads.toString().strip())
                .replace("{{assets}}", "/assets/" + tag)
                .replace("{{preact}}", "/webjars/preact/" + webjarVersion("preact"))
                .replace("{{chartjs}}", "/webjars/chart.js/" + webjarVersion("chart.js"))
                .replace("{{version}}", productVersion);
        return new DashboardAssets(Map.copyOf(files), tag, html);
    }

    /** The content hash that versions the asset URLs. */
    public String tag() {
        return tag;
    }

    public String indexHtml() {
        return indexHtml;
    }

    /** The asset at a path relative to the dashboard folder, if there is one. */
    public Optional<byte[]> asset(String path) {
        return Optional.ofNullable(files.get(path));
    }

    /**
     * A file from a webjar on the classpath, by its path under {@code /webjars/} (name/version/file); read once,
     * then kept. Paths that climb out with {@code ..} are never found.
     */
    public Optional<byte[]> webjar(String path) {
        if (path.contains("..") || path.startsWith("/")) {
            return Optional.empty();
        }
        return webjarFiles.computeIfAbsent(path, DashboardAssets::readWebjar);
    }

    private static Optional<byte[]> readWebjar(String path) {
        try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(WEBJARS + path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read webjar file " + path + ": " + e.getMessage(), e);
        }
    }

    /** The content type for a file name, by extension. */
    public static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        String ext = dot < 0 ? "" : path.substring(dot + 1);
        return switch (ext) {
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "json", "map" -> "application/json";
            case "html" -> "text/html; charset=utf-8";
            default -> "application/octet-stream";
        };
    }

    private static Map<String, byte[]> readAll() {
        URL url = DashboardAssets.class.getClassLoader().getResource(ROOT + "/" + INDEX);
        if (url == null) {
            throw new IllegalStateException("The dashboard is missing from the classpath (" + ROOT + "/" + INDEX + ")");
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                return readJar(url);
            }
            return walk(Path.of(url.toURI()).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dashboard files: " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the dashboard files: " + url, e);
        }
    }

    private static Map<String, byte[]> readJar(URL url) throws IOException {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        Map<String, byte[]> files = new TreeMap<>();
        String prefix = ROOT + "/";
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        files.put(entry.getName().substring(prefix.length()), in.readAllBytes());
                    }
                }
            }
        }
        return files;
    }

    private static Map<String, byte[]> walk(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                files.put(relative, Files.readAllBytes(path));
            }
        }
        return files;
    }

    private static String hash(Map<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(files).forEach((name, content) -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update(content);
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String webjarVersion(String name) {
        String resource = "META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
        try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The " + name + " webjar is missing from the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the " + name + " webjar version: " + e.getMessage(), e);
        }
    }
}

package jam.web;

import java.util.Locale;
import java.util.Map;

/**
 * The Content-Type of a file by its extension, as static servers give it (text types in UTF-8);
 * {@code application/octet-stream} for the rest, which {@code nosniff} keeps a download. Stateless.
 */
final class MimeTypes {
  private static final String UTF8 = "; charset=utf-8";

  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("html", "text/html" + UTF8),
          Map.entry("htm", "text/html" + UTF8),
          Map.entry("js", "text/javascript" + UTF8),
          Map.entry("mjs", "text/javascript" + UTF8),
          Map.entry("css", "text/css" + UTF8),
          Map.entry("json", "application/json" + UTF8),
          Map.entry("map", "application/json" + UTF8),
          Map.entry("txt", "text/plain" + UTF8),
          Map.entry("md", "text/markdown" + UTF8),
          Map.entry("csv", "text/csv" + UTF8),
          Map.entry("xml", "application/xml" + UTF8),
          Map.entry("svg", "image/svg+xml" + UTF8),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("avif", "image/avif"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("wav", "audio/wav"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("ogg", "audio/ogg"),
          Map.entry("oga", "audio/ogg"),
          Map.entry("flac", "audio/flac"),
          Map.entry("m4a", "audio/mp4"),
          Map.entry("aac", "audio/aac"),
          Map.entry("opus", "audio/ogg"),
          Map.entry("mp4", "video/mp4"),
          Map.entry("webm", "video/webm"),
          Map.entry("wasm", "application/wasm"),
          Map.entry("woff", "font/woff"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("ttf", "font/ttf"),
          Map.entry("otf", "font/otf"),
          Map.entry("pdf", "application/pdf"));

  private MimeTypes() {}

  /** The type for a file called {@code name}. */
  static String of(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return BY_EXTENSION.getOrDefault(ext, "application/octet-stream");
  }
}

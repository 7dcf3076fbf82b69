/**
 * The console of {@code jam join} at a terminal: a JLine line reader whose commands ({@link
 * jam.console.ConsoleCommand}) bang, add, list and play tracks, while what the session shares is
 * printed above the prompt and a status line shows the connection. {@link jam.console.Console} is
 * independent of the real terminal: any JLine {@link org.jline.terminal.Terminal} will do, so tests
 * drive it on streams; {@link jam.console.ConsoleJoin} runs a whole session with it on the
 * process's own terminal.
 */
package jam.console;

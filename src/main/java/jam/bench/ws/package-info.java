/**
 * A small WebSocket client for load generation: thousands of connections on one selector thread,
 * frames parsed in place, only the first bytes of each message looked at. Knows nothing of jam's
 * protocol or of benchmarks: it depends on {@link jam.websocket} (RFC 6455) and the JDK alone.
 */
package jam.bench.ws;

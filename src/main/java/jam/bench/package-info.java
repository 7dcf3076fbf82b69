/**
 * {@code jam bench}: a load generator for relays that speak jam's protocol (jam's own, the
 * tutorials' Node relay), measuring what the shared loadgen.js measures, the same way: broadcast
 * and trigger throughput and latency, and the join storm. The WebSocket client is in {@code
 * jam.bench.ws}.
 */
package jam.bench;

/**
 * One jam across many relays ({@code jam serve --cluster nats://…}): each relay publishes what its
 * peers do to a NATS server and delivers what the other relays publish to its own peers.
 *
 * <p>{@link jam.cluster.NatsCluster} is the relay's part (the connection, its subjects, what a
 * relay says on joining, losing and rejoining the NATS server); {@code Envelope}, the codec of what
 * relays publish; {@code RemotePeers}, what one relay knows of the others' peers (who is where, the
 * track arrays they keep for newcomers, each room's tempo, which relays are alive); {@code
 * RelayClocks}, the relays' clock offsets to each other, measured over NATS. Delivery is NATS
 * core's: at most once, in each publisher's order.
 */
package jam.cluster;

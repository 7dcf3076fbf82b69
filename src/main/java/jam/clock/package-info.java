/**
 * Time shared by the peers of a relay: {@link jam.clock.Clock} is a process's own clock in Unix
 * milliseconds, {@link jam.clock.OffsetEstimator} turns ping/pong samples into the offset (and
 * drift) between a peer's clock and its relay's, {@link jam.clock.ClockSync} keeps that estimate up
 * to date over a connection, and {@link jam.clock.Beats} does the arithmetic of the shared beat.
 * The relay's clock is the shared clock: scheduled bangs and beats are times on it.
 */
package jam.clock;

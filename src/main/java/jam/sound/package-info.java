/**
 * The sound engine: sounds synthesized in code ({@link jam.sound.Sound}), timelines of them ({@link
 * jam.sound.Score}), played in real time through one javax.sound line and/or recorded to a WAV file
 * ({@link jam.sound.AudioEngine}), or rendered offline ({@link jam.sound.OfflineRenderer}). Audio
 * is 48 kHz, 16-bit signed little-endian, stereo (both channels equal). No device is not an error:
 * the engine warns once and keeps time silently.
 */
package jam.sound;

/**
 * The replayer: journals re-emitted at original speed, N times faster or as fast as possible,
 * through the same {@link dev.ticktape.core.journal.FrameHandler} and
 * {@link dev.ticktape.core.journal.SessionEventHandler} that live code and the decoders use
 * ({@link dev.ticktape.replayer.Replayer}).
 */
package dev.ticktape.replayer;

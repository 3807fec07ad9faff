/**
 * The replayer: journals re-emitted at original or accelerated speed, in process and as a server.
 * Built on {@code core}; not implemented yet.
 */
package dev.ticktape.replayer;

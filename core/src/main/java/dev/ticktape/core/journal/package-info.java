/**
 * The journal: one Chronicle Queue excerpt per received WebSocket frame, plus self-describing
 * session events, written by {@link dev.ticktape.core.journal.JournalWriter} and read by
 * {@link dev.ticktape.core.journal.JournalReader}. The byte layout is in
 * {@link dev.ticktape.core.journal.JournalFormat} and {@code docs/journal-format.md}.
 */
package dev.ticktape.core.journal;

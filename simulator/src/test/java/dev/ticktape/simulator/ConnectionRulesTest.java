package dev.ticktape.simulator;

import dev.ticktape.core.Market;
import dev.ticktape.core.decode.BookTickerEvent;
import dev.ticktape.core.decode.DecodeFixtures;
import dev.ticktape.core.decode.DepthUpdateEvent;
import dev.ticktape.core.decode.MarketDataDecoder;
import dev.ticktape.core.decode.MarketDataListener;
import dev.ticktape.core.decode.TradeEvent;
import dev.ticktape.core.journal.FrameKind;
import dev.ticktape.core.journal.JournalFrame;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Binance's connection rules in the simulator: the SBE API key, binary SBE frames, the message rate
 * limit, pings with a pong deadline, and the connection lifetime.
 */
@Timeout(60)
class ConnectionRulesTest extends SimulatorSupport
{
    @Test
    void sbeNeedsAnApiKeyAndSendsBinaryFramesTheDecoderReads() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().symbols(List.of("BTCUSDT")).ticksPerSecond(300));
        final Client noKey = client(Market.SPOT_SBE, "/ws/btcusdt@bestBidAsk", Map.of());
        assertFalse(noKey.connectBlocking(10, TimeUnit.SECONDS), "refused without X-MBX-APIKEY");

        final Client sbe = client(Market.SPOT_SBE, "/stream?streams=btcusdt@trade/btcusdt@bestBidAsk/btcusdt@depth",
            Map.of("X-MBX-APIKEY", "test-key"));
        assertTrue(sbe.connectBlocking(10, TimeUnit.SECONDS));
        final List<String> seen = new ArrayList<>();
        final long[] lastU = { -1 };
        final MarketDataDecoder decoder = new MarketDataDecoder(new MarketDataListener()
        {
            @Override
            public void onTrade(final JournalFrame f, final TradeEvent e)
            {
                seen.add("trade");
                assertEquals(TimeUnit.MICROSECONDS, e.timeUnit());
                assertEquals("BTCUSDT", e.symbol().toString());
            }

            @Override
            public void onBookTicker(final JournalFrame f, final BookTickerEvent e)
            {
                seen.add("bestBidAsk");
                assertTrue(e.bidPrice().mantissa() < e.askPrice().mantissa(), "the book never crosses");
            }

            @Override
            public void onDepthUpdate(final JournalFrame f, final DepthUpdateEvent e)
            {
                seen.add("depth");
                if (lastU[0] >= 0)
                {
                    assertEquals(lastU[0] + 1, e.firstUpdateId(), "spot SBE ids are contiguous");
                }
                lastU[0] = e.lastUpdateId();
            }
        }, (f, reason) -> fail("decode error: " + reason));
        while (!(seen.contains("trade") && seen.contains("bestBidAsk") && seen.contains("depth")))
        {
            final ByteBuffer frame = sbe.binary.poll(20, TimeUnit.SECONDS);
            assertNotNull(frame, "binary frames arrive");
            final byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            decoder.onFrame(DecodeFixtures.withStreamBefore(new JournalFrame(), Market.SPOT_SBE, FrameKind.BINARY, null, bytes));
        }
        sbe.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1}");
        String reply;
        do
        {
            reply = sbe.messages.poll(20, TimeUnit.SECONDS);
            assertNotNull(reply);
        }
        while (!reply.contains("\"id\""));
        assertEquals("{\"result\":[\"btcusdt@bestBidAsk\",\"btcusdt@depth\",\"btcusdt@trade\"],\"id\":1}", reply,
            "control replies are text frames");
    }

    @Test
    void tooManyMessagesPerSecondCloseTheConnection() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().ticksPerSecond(10));
        final Client c = connect(Market.SPOT, "/ws");
        for (int i = 0; i < 6; i++)
        {
            c.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + i + "}");
        }
        assertTrue(c.closed.await(10, TimeUnit.SECONDS), "the sixth message in a second closes a spot connection");
        assertEquals(1008, c.closeCode);

        final Client futures = connect(Market.USDM, "/market/ws");
        for (int i = 0; i < 8; i++)
        {
            futures.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + i + "}");
        }
        for (int i = 0; i < 8; i++)
        {
            assertNotNull(futures.messages.poll(10, TimeUnit.SECONDS), "futures allows 10 per second");
        }
        assertTrue(futures.isOpen());
    }

    @Test
    void pingsArriveAndAClientThatNeverPongsIsDisconnected() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().ticksPerSecond(10).pingInterval(Duration.ofMillis(200))
            .pongTimeout(Duration.ofMillis(800)));
        final Client polite = client(Market.SPOT, "/ws/btcusdt@depth", Map.of());
        final Client silent = client(Market.SPOT, "/ws/btcusdt@depth", Map.of());
        silent.answerPings = false;
        assertTrue(polite.connectBlocking(10, TimeUnit.SECONDS));
        assertTrue(silent.connectBlocking(10, TimeUnit.SECONDS));
        assertTrue(polite.pinged.await(10, TimeUnit.SECONDS), "the server pings");
        assertTrue(silent.closed.await(10, TimeUnit.SECONDS), "no pong in time: disconnected");
        assertEquals(1008, silent.closeCode);
        assertTrue(silent.closeReason.startsWith("no pong"), silent.closeReason);
        assertTrue(polite.isOpen(), "a client that answers stays");
    }

    @Test
    void connectionsEndAtTheirMaximumLifetime() throws Exception
    {
        simulator = Simulator.start(new SimulatorConfig().ticksPerSecond(10).maxLifetime(Duration.ofSeconds(1)));
        final Client c = connect(Market.USDM, "/public/ws/btcusdt@depth");
        assertTrue(c.closed.await(10, TimeUnit.SECONDS), "closed at the lifetime");
        assertEquals(1000, c.closeCode);
        assertEquals("connection lifetime reached", c.closeReason);
    }
}

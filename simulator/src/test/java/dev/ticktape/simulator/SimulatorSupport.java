package dev.ticktape.simulator;

import dev.ticktape.core.Market;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Base of the simulator tests: a plain WebSocket client that records what it gets, and cleanup of
 * every client and the simulator after each test.
 */
abstract class SimulatorSupport
{
    protected final List<Client> clients = new ArrayList<>();
    protected Simulator simulator;

    /** A plain client (not the recorder) that queues text and binary frames, notes pings, and may refuse to answer them. */
    static final class Client extends WebSocketClient
    {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<ByteBuffer> binary = new LinkedBlockingQueue<>();
        final CountDownLatch pinged = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        volatile boolean answerPings = true;
        volatile int closeCode;
        volatile String closeReason;

        Client(final URI uri, final Map<String, String> headers)
        {
            super(uri, headers);
        }

        @Override
        public void onOpen(final ServerHandshake handshake)
        {
        }

        @Override
        public void onMessage(final String message)
        {
            messages.add(message);
        }

        @Override
        public void onMessage(final ByteBuffer bytes)
        {
            binary.add(bytes);
        }

        @Override
        public void onWebsocketPing(final WebSocket conn, final Framedata frame)
        {
            pinged.countDown();
            if (answerPings)
            {
                super.onWebsocketPing(conn, frame);
            }
        }

        @Override
        public void onClose(final int code, final String reason, final boolean remote)
        {
            closeCode = code;
            closeReason = reason;
            closed.countDown();
        }

        @Override
        public void onError(final Exception ex)
        {
        }

        /** @return the next text message, failing the test if none comes within 20 s. */
        String next() throws InterruptedException
        {
            final String m = messages.poll(20, TimeUnit.SECONDS);
            assertNotNull(m, "a message within 20 s");
            return m;
        }
    }

    @AfterEach
    void stopClientsAndSimulator()
    {
        clients.forEach(WebSocketClient::close);
        if (simulator != null)
        {
            simulator.close();
        }
    }

    /** A client for a path of the market's endpoint, not yet connected. */
    protected Client client(final Market market, final String path, final Map<String, String> headers)
    {
        final Client c = new Client(URI.create(simulator.baseUri(market) + path), headers);
        clients.add(c);
        return c;
    }

    /** A connected client. */
    protected Client connect(final Market market, final String path) throws InterruptedException
    {
        final Client c = client(market, path, Map.of());
        assertTrue(c.connectBlocking(10, TimeUnit.SECONDS), "connected to " + path.substring(0, Math.min(80, path.length())));
        return c;
    }
}

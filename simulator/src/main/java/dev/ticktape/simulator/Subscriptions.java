package dev.ticktape.simulator;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients of one endpoint subscribed to each stream. The model thread asks once per stream
 * that pushes at a step, and builds a payload only when someone wants it: at market scale most
 * streams of most symbols have no subscriber, and asking each client's set for each of them cost
 * more than building the frames that are sent. Changed by the WebSocket threads as clients
 * subscribe, unsubscribe and close; read by the model thread without a lock (each stream's
 * subscribers are an array replaced whole).
 */
final class Subscriptions
{
    private static final MarketEndpoint.Client[] NONE = new MarketEndpoint.Client[0];

    private final ConcurrentHashMap<String, MarketEndpoint.Client[]> byStream = new ConcurrentHashMap<>();

    /** @return the stream's subscribers, an empty array when none; the caller must not change it. */
    MarketEndpoint.Client[] of(final String stream)
    {
        final MarketEndpoint.Client[] clients = byStream.get(stream);
        return clients == null ? NONE : clients;
    }

    void add(final String stream, final MarketEndpoint.Client client)
    {
        byStream.compute(stream, (name, clients) ->
        {
            if (clients == null)
            {
                return new MarketEndpoint.Client[] { client };
            }
            for (final MarketEndpoint.Client c : clients)
            {
                if (c == client)
                {
                    return clients;
                }
            }
            final MarketEndpoint.Client[] more = java.util.Arrays.copyOf(clients, clients.length + 1);
            more[clients.length] = client;
            return more;
        });
    }

    void remove(final String stream, final MarketEndpoint.Client client)
    {
        byStream.computeIfPresent(stream, (name, clients) ->
        {
            int n = 0;
            final MarketEndpoint.Client[] fewer = new MarketEndpoint.Client[clients.length];
            for (final MarketEndpoint.Client c : clients)
            {
                if (c != client)
                {
                    fewer[n++] = c;
                }
            }
            return n == 0 ? null : n == clients.length ? clients : java.util.Arrays.copyOf(fewer, n);
        });
    }
}

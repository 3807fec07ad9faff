package dev.ticktape.exporter;

import dev.ticktape.core.book.OrderBook;
import dev.ticktape.core.decode.AggTradeEvent;
import dev.ticktape.core.decode.AssetIndexEvent;
import dev.ticktape.core.decode.AvgPriceEvent;
import dev.ticktape.core.decode.BookTickerEvent;
import dev.ticktape.core.decode.Brackets;
import dev.ticktape.core.decode.CompositeIndexEvent;
import dev.ticktape.core.decode.ContractInfoEvent;
import dev.ticktape.core.decode.ControlResponseEvent;
import dev.ticktape.core.decode.DepthSnapshotEvent;
import dev.ticktape.core.decode.DepthUpdateEvent;
import dev.ticktape.core.decode.EventType;
import dev.ticktape.core.decode.ForceOrderEvent;
import dev.ticktape.core.decode.IndexComponents;
import dev.ticktape.core.decode.KlineEvent;
import dev.ticktape.core.decode.MarkPriceEvent;
import dev.ticktape.core.decode.MiniTickerEvent;
import dev.ticktape.core.decode.PartialDepthEvent;
import dev.ticktape.core.decode.ReferencePriceEvent;
import dev.ticktape.core.decode.TickerEvent;
import dev.ticktape.core.decode.TradeEvent;
import dev.ticktape.core.decode.TradingSessionEvent;
import dev.ticktape.core.journal.SessionEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.ticktape.exporter.Column.bool;
import static dev.ticktape.exporter.Column.decimal;
import static dev.ticktape.exporter.Column.eventTime;
import static dev.ticktape.exporter.Column.int32;
import static dev.ticktape.exporter.Column.int64;
import static dev.ticktape.exporter.Column.optionalInt64;
import static dev.ticktape.exporter.Column.string;
import static dev.ticktape.exporter.Column.text;
import static dev.ticktape.exporter.Column.wideDecimal;

/**
 * Every table the exporter writes, with its columns. Event tables are named after Binance's event
 * names ({@link EventType#wireName()}); an SBE event goes to the table of its JSON equivalent, and
 * the {@code market} column tells them apart. Depth tables have one row per price level; contract
 * info one row per notional bracket, composite index one per component.
 * <p>
 * Columns hold state (a cached market name), so each export builds its own tables.
 */
final class Tables
{
    static final String RAW = "raw";
    static final String SESSIONS = "sessions";
    static final String BOOK_SNAPSHOT_PREFIX = "book_snapshot_";

    private Tables()
    {
    }

    /** The event tables, raw and sessions, by name, in a stable order; book snapshots are made by {@link #bookSnapshot}. */
    static Map<String, Table> all()
    {
        final Map<String, Table> tables = new LinkedHashMap<>();
        for (final Table t : List.of(trade(), aggTrade(), bookTicker(), depthUpdate(), partialDepth(), depthSnapshot(),
            kline(), miniTicker(), ticker(), avgPrice(), referencePrice(), markPrice(), forceOrder(), compositeIndex(),
            contractInfo(), assetIndex(), tradingSession(), controlResponse(), serverShutdown(), raw(), sessions()))
        {
            tables.put(t.name, t);
        }
        return tables;
    }

    /**
     * The tables and their columns as Markdown, the reference part of {@code docs/parquet-schema.md}
     * (a test keeps the two the same).
     *
     * @param floats the {@code --float} types instead of the exact ones.
     * @return the Markdown.
     */
    static String markdown(final boolean floats)
    {
        final StringBuilder md = new StringBuilder();
        final List<Table> tables = new ArrayList<>(all().values());
        tables.add(bookSnapshot(0));
        for (final Table t : tables)
        {
            final String name = t.name.equals(BOOK_SNAPSHOT_PREFIX + 0) ? BOOK_SNAPSHOT_PREFIX + "<N>" : t.name;
            md.append("### `").append(name).append("`\n\nOne row: ").append(t.row).append(".\n\n");
            md.append("| column | type | what |\n|---|---|---|\n");
            for (final Column c : t.columns())
            {
                md.append("| `").append(c.name).append("` | ").append(c.typeName(floats)).append(" | ")
                    .append(c.description.replace("|", "\\|")).append(" |\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static List<Column> common()
    {
        final List<Column> c = new ArrayList<>();
        c.addAll(Column.recvTime("when ticktape received the frame"));
        // rows are grouped by symbol, market and stream block by block, so every row group holds
        // every market and stream: min/max statistics would cost a comparison a row and skip nothing
        c.add(string("market", "spot, spot-sbe or usdm: where the frame came from", r -> r.frame.market().wireName())
            .noStatistics());
        c.add(frameStream().noStatistics());
        c.add(int32("connection", "the recorder's connection id, per journal", r -> r.frame.connectionId()));
        c.add(eventTime("event_time", "E: the event time", r -> r.event.eventTime()));
        c.add(text("symbol", "s: the symbol, as Binance spells it", r -> r.event.symbol()));
        return c;
    }

    private static Table event(final EventType type, final String row)
    {
        return new Table(type.wireName(), row).addAll(common()).clusteredBy("symbol", "market", "stream");
    }

    static Table trade()
    {
        return event(EventType.TRADE, "a trade (also SBE trades and block trades)")
            .add(int64("trade_id", "t", r -> ((TradeEvent) r.event).tradeId()))
            .add(decimal("price", "p", r -> ((TradeEvent) r.event).price()))
            .add(wideDecimal("quantity", "q", r -> ((TradeEvent) r.event).quantity()))
            .add(eventTime("trade_time", "T", r -> ((TradeEvent) r.event).tradeTime()))
            .add(bool("buyer_maker", "m: the buyer was the maker", r -> ((TradeEvent) r.event).buyerMaker()))
            .add(bool("best_match", "M (spot)", r -> ((TradeEvent) r.event).bestMatch()))
            .add(bool("block", "a futures block trade", r -> ((TradeEvent) r.event).block()));
    }

    static Table aggTrade()
    {
        return event(EventType.AGG_TRADE, "an aggregate trade")
            .add(int64("agg_trade_id", "a", r -> ((AggTradeEvent) r.event).aggregateTradeId()))
            .add(decimal("price", "p", r -> ((AggTradeEvent) r.event).price()))
            .add(wideDecimal("quantity", "q", r -> ((AggTradeEvent) r.event).quantity()))
            .add(wideDecimal("normal_quantity", "nq (futures): quantity without RPI orders",
                r -> ((AggTradeEvent) r.event).normalQuantity()))
            .add(int64("first_trade_id", "f", r -> ((AggTradeEvent) r.event).firstTradeId()))
            .add(int64("last_trade_id", "l", r -> ((AggTradeEvent) r.event).lastTradeId()))
            .add(eventTime("trade_time", "T", r -> ((AggTradeEvent) r.event).tradeTime()))
            .add(bool("buyer_maker", "m", r -> ((AggTradeEvent) r.event).buyerMaker()));
    }

    static Table bookTicker()
    {
        return event(EventType.BOOK_TICKER, "a best bid and ask update (also SBE best bid/ask)")
            .add(optionalInt64("update_id", "u", r -> ((BookTickerEvent) r.event).updateId()))
            .add(eventTime("transaction_time", "T (futures)", r -> ((BookTickerEvent) r.event).transactionTime()))
            .add(decimal("bid_price", "b", r -> ((BookTickerEvent) r.event).bidPrice()))
            .add(wideDecimal("bid_quantity", "B", r -> ((BookTickerEvent) r.event).bidQuantity()))
            .add(decimal("ask_price", "a", r -> ((BookTickerEvent) r.event).askPrice()))
            .add(wideDecimal("ask_quantity", "A", r -> ((BookTickerEvent) r.event).askQuantity()));
    }

    private static List<Column> levelColumns()
    {
        return List.of(
            string("side", "bid or ask", r -> r.bid ? "bid" : "ask"),
            int32("level", "position of the level in the message's list, from 0", r -> r.item),
            decimal("price", "the level's price", r -> r.levels.price(r.item, r.decimal)),
            wideDecimal("quantity", "the level's quantity; 0 removes it", r -> r.levels.quantity(r.item, r.decimal)));
    }

    static Table depthUpdate()
    {
        return event(EventType.DEPTH_UPDATE, "one price-level change of a diff depth event (also RPI and SBE diffs)")
            .add(eventTime("transaction_time", "T (futures)", r -> ((DepthUpdateEvent) r.event).transactionTime()))
            .add(int64("first_update_id", "U", r -> ((DepthUpdateEvent) r.event).firstUpdateId()))
            .add(int64("last_update_id", "u", r -> ((DepthUpdateEvent) r.event).lastUpdateId()))
            .add(optionalInt64("previous_last_update_id", "pu (futures)",
                r -> ((DepthUpdateEvent) r.event).previousLastUpdateId()))
            .add(bool("rpi", "from an RPI depth stream", r -> ((DepthUpdateEvent) r.event).rpi()))
            .addAll(levelColumns());
    }

    static Table partialDepth()
    {
        return event(EventType.PARTIAL_DEPTH, "one level of a partial book depth message")
            .add(eventTime("transaction_time", "T (futures)", r -> ((PartialDepthEvent) r.event).transactionTime()))
            .add(optionalInt64("first_update_id", "U (futures)", r -> ((PartialDepthEvent) r.event).firstUpdateId()))
            .add(int64("last_update_id", "lastUpdateId (spot) or u (futures)",
                r -> ((PartialDepthEvent) r.event).lastUpdateId()))
            .add(optionalInt64("previous_last_update_id", "pu (futures)",
                r -> ((PartialDepthEvent) r.event).previousLastUpdateId()))
            .addAll(levelColumns());
    }

    static Table depthSnapshot()
    {
        return event(EventType.DEPTH_SNAPSHOT, "one level of a journaled REST depth snapshot")
            .add(eventTime("transaction_time", "T (futures)", r -> ((DepthSnapshotEvent) r.event).transactionTime()))
            .add(int64("last_update_id", "lastUpdateId", r -> ((DepthSnapshotEvent) r.event).lastUpdateId()))
            .addAll(levelColumns());
    }

    static Table kline()
    {
        return event(EventType.KLINE, "a kline or continuous-contract kline update")
            .add(bool("continuous", "from a continuous-contract kline stream", r -> ((KlineEvent) r.event).continuous()))
            .add(text("pair", "ps (continuous)", r -> ((KlineEvent) r.event).pair()))
            .add(text("contract_type", "ct (continuous)", r -> ((KlineEvent) r.event).contractType()))
            .add(text("interval", "k.i", r -> ((KlineEvent) r.event).interval()))
            .add(eventTime("open_time", "k.t", r -> ((KlineEvent) r.event).openTime()))
            .add(eventTime("close_time", "k.T", r -> ((KlineEvent) r.event).closeTime()))
            .add(int64("first_trade_id", "k.f (-1: no trade)", r -> ((KlineEvent) r.event).firstId()))
            .add(int64("last_trade_id", "k.L (-1: no trade)", r -> ((KlineEvent) r.event).lastId()))
            .add(decimal("open", "k.o", r -> ((KlineEvent) r.event).open()))
            .add(decimal("close", "k.c", r -> ((KlineEvent) r.event).close()))
            .add(decimal("high", "k.h", r -> ((KlineEvent) r.event).high()))
            .add(decimal("low", "k.l", r -> ((KlineEvent) r.event).low()))
            .add(wideDecimal("volume", "k.v", r -> ((KlineEvent) r.event).volume()))
            .add(int64("trade_count", "k.n", r -> ((KlineEvent) r.event).tradeCount()))
            .add(bool("closed", "k.x: the kline is final", r -> ((KlineEvent) r.event).closed()))
            .add(wideDecimal("quote_volume", "k.q", r -> ((KlineEvent) r.event).quoteVolume()))
            .add(wideDecimal("taker_buy_volume", "k.V", r -> ((KlineEvent) r.event).takerBuyVolume()))
            .add(wideDecimal("taker_buy_quote_volume", "k.Q", r -> ((KlineEvent) r.event).takerBuyQuoteVolume()));
    }

    static Table miniTicker()
    {
        return event(EventType.MINI_TICKER, "a 24-hour mini ticker")
            .add(decimal("close", "c", r -> ((MiniTickerEvent) r.event).close()))
            .add(decimal("open", "o", r -> ((MiniTickerEvent) r.event).open()))
            .add(decimal("high", "h", r -> ((MiniTickerEvent) r.event).high()))
            .add(decimal("low", "l", r -> ((MiniTickerEvent) r.event).low()))
            .add(wideDecimal("volume", "v", r -> ((MiniTickerEvent) r.event).volume()))
            .add(wideDecimal("quote_volume", "q", r -> ((MiniTickerEvent) r.event).quoteVolume()));
    }

    static Table ticker()
    {
        return event(EventType.TICKER, "a 24-hour or rolling-window ticker")
            .add(text("window", "24h, or the rolling window (1h, 4h, 1d)", r -> ((TickerEvent) r.event).window()))
            .add(decimal("price_change", "p", r -> ((TickerEvent) r.event).priceChange()))
            .add(decimal("price_change_percent", "P", r -> ((TickerEvent) r.event).priceChangePercent()))
            .add(decimal("weighted_average_price", "w", r -> ((TickerEvent) r.event).weightedAveragePrice()))
            .add(decimal("first_trade_price", "x (spot 24h)", r -> ((TickerEvent) r.event).firstTradePrice()))
            .add(decimal("last_price", "c", r -> ((TickerEvent) r.event).lastPrice()))
            .add(wideDecimal("last_quantity", "Q", r -> ((TickerEvent) r.event).lastQuantity()))
            .add(decimal("best_bid_price", "b", r -> ((TickerEvent) r.event).bestBidPrice()))
            .add(wideDecimal("best_bid_quantity", "B", r -> ((TickerEvent) r.event).bestBidQuantity()))
            .add(decimal("best_ask_price", "a", r -> ((TickerEvent) r.event).bestAskPrice()))
            .add(wideDecimal("best_ask_quantity", "A", r -> ((TickerEvent) r.event).bestAskQuantity()))
            .add(decimal("open", "o", r -> ((TickerEvent) r.event).open()))
            .add(decimal("high", "h", r -> ((TickerEvent) r.event).high()))
            .add(decimal("low", "l", r -> ((TickerEvent) r.event).low()))
            .add(wideDecimal("volume", "v", r -> ((TickerEvent) r.event).volume()))
            .add(wideDecimal("quote_volume", "q", r -> ((TickerEvent) r.event).quoteVolume()))
            .add(eventTime("open_time", "O", r -> ((TickerEvent) r.event).openTime()))
            .add(eventTime("close_time", "C", r -> ((TickerEvent) r.event).closeTime()))
            .add(int64("first_trade_id", "F", r -> ((TickerEvent) r.event).firstTradeId()))
            .add(int64("last_trade_id", "L", r -> ((TickerEvent) r.event).lastTradeId()))
            .add(int64("trade_count", "n", r -> ((TickerEvent) r.event).tradeCount()));
    }

    static Table avgPrice()
    {
        return event(EventType.AVG_PRICE, "a spot average price")
            .add(text("interval", "i", r -> ((AvgPriceEvent) r.event).interval()))
            .add(decimal("average_price", "w", r -> ((AvgPriceEvent) r.event).averagePrice()))
            .add(eventTime("last_trade_time", "T", r -> ((AvgPriceEvent) r.event).lastTradeTime()));
    }

    static Table referencePrice()
    {
        return event(EventType.REFERENCE_PRICE, "a spot reference price")
            .add(decimal("reference_price", "r", r -> ((ReferencePriceEvent) r.event).referencePrice()))
            .add(eventTime("time", "t", r -> ((ReferencePriceEvent) r.event).time()));
    }

    static Table markPrice()
    {
        return event(EventType.MARK_PRICE, "a futures mark price and funding rate")
            .add(decimal("mark_price", "p", r -> ((MarkPriceEvent) r.event).markPrice()))
            .add(decimal("average_mark_price", "ap", r -> ((MarkPriceEvent) r.event).averageMarkPrice()))
            .add(decimal("index_price", "i", r -> ((MarkPriceEvent) r.event).indexPrice()))
            .add(decimal("estimated_settle_price", "P", r -> ((MarkPriceEvent) r.event).estimatedSettlePrice()))
            .add(decimal("funding_rate", "r", r -> ((MarkPriceEvent) r.event).fundingRate()))
            .add(eventTime("next_funding_time", "T", r -> ((MarkPriceEvent) r.event).nextFundingTime()));
    }

    static Table forceOrder()
    {
        return event(EventType.FORCE_ORDER, "a futures liquidation order")
            .add(text("side", "o.S", r -> ((ForceOrderEvent) r.event).side()))
            .add(text("order_type", "o.o", r -> ((ForceOrderEvent) r.event).orderType()))
            .add(text("time_in_force", "o.f", r -> ((ForceOrderEvent) r.event).timeInForce()))
            .add(wideDecimal("original_quantity", "o.q", r -> ((ForceOrderEvent) r.event).originalQuantity()))
            .add(decimal("price", "o.p", r -> ((ForceOrderEvent) r.event).price()))
            .add(decimal("average_price", "o.ap", r -> ((ForceOrderEvent) r.event).averagePrice()))
            .add(text("status", "o.X", r -> ((ForceOrderEvent) r.event).status()))
            .add(wideDecimal("last_filled_quantity", "o.l", r -> ((ForceOrderEvent) r.event).lastFilledQuantity()))
            .add(wideDecimal("filled_quantity", "o.z", r -> ((ForceOrderEvent) r.event).filledQuantity()))
            .add(eventTime("trade_time", "o.T", r -> ((ForceOrderEvent) r.event).tradeTime()));
    }

    static Table compositeIndex()
    {
        return event(EventType.COMPOSITE_INDEX, "one component of a futures composite index (one row without components)")
            .add(decimal("price", "p", r -> ((CompositeIndexEvent) r.event).price()))
            .add(text("component_type", "C", r -> ((CompositeIndexEvent) r.event).componentType()))
            .add(int32("component", "position in c, from 0; null when there are none", r -> r.item))
            .add(text("base_asset", "c.b", r -> component(r) == null ? null : component(r).baseAsset()))
            .add(text("quote_asset", "c.q", r -> component(r) == null ? null : component(r).quoteAsset()))
            .add(wideDecimal("weight_in_quantity", "c.w", r -> component(r) == null ? null : component(r).weightInQuantity()))
            .add(decimal("weight_in_percentage", "c.W", r -> component(r) == null ? null : component(r).weightInPercentage()))
            .add(decimal("index_price", "c.i", r -> component(r) == null ? null : component(r).indexPrice()));
    }

    private static IndexComponents.Component component(final Row r)
    {
        return r.item < 0 ? null : ((CompositeIndexEvent) r.event).components().get(r.item);
    }

    static Table contractInfo()
    {
        return event(EventType.CONTRACT_INFO, "one notional bracket of a futures contract info event (one row without brackets)")
            .add(text("pair", "ps", r -> ((ContractInfoEvent) r.event).pair()))
            .add(text("contract_type", "ct", r -> ((ContractInfoEvent) r.event).contractType()))
            .add(eventTime("delivery_time", "dt", r -> ((ContractInfoEvent) r.event).deliveryTime()))
            .add(eventTime("onboard_time", "ot", r -> ((ContractInfoEvent) r.event).onboardTime()))
            .add(text("contract_status", "cs", r -> ((ContractInfoEvent) r.event).contractStatus()))
            .add(optionalInt64("symbol_type", "st", r -> ((ContractInfoEvent) r.event).symbolType()))
            .add(optionalInt64("bracket", "bks.bs; null when there are none", r -> bracket(r) == null ? -1 : bracket(r).bracket()))
            .add(wideDecimal("floor_notional", "bks.bnf", r -> bracket(r) == null ? null : bracket(r).floorNotional()))
            .add(wideDecimal("cap_notional", "bks.bnc", r -> bracket(r) == null ? null : bracket(r).capNotional()))
            .add(decimal("maintenance_margin_ratio", "bks.mmr",
                r -> bracket(r) == null ? null : bracket(r).maintenanceMarginRatio()))
            .add(wideDecimal("auxiliary", "bks.cf", r -> bracket(r) == null ? null : bracket(r).auxiliary()))
            .add(optionalInt64("min_leverage", "bks.mi", r -> bracket(r) == null ? -1 : bracket(r).minLeverage()))
            .add(optionalInt64("max_leverage", "bks.ma", r -> bracket(r) == null ? -1 : bracket(r).maxLeverage()));
    }

    private static Brackets.Bracket bracket(final Row r)
    {
        return r.item < 0 ? null : ((ContractInfoEvent) r.event).brackets().get(r.item);
    }

    static Table assetIndex()
    {
        return event(EventType.ASSET_INDEX, "a multi-assets mode asset index")
            .add(decimal("index_price", "i", r -> ((AssetIndexEvent) r.event).indexPrice()))
            .add(decimal("bid_buffer", "b", r -> ((AssetIndexEvent) r.event).bidBuffer()))
            .add(decimal("ask_buffer", "a", r -> ((AssetIndexEvent) r.event).askBuffer()))
            .add(decimal("bid_rate", "B", r -> ((AssetIndexEvent) r.event).bidRate()))
            .add(decimal("ask_rate", "A", r -> ((AssetIndexEvent) r.event).askRate()))
            .add(decimal("auto_exchange_bid_buffer", "q", r -> ((AssetIndexEvent) r.event).autoExchangeBidBuffer()))
            .add(decimal("auto_exchange_ask_buffer", "g", r -> ((AssetIndexEvent) r.event).autoExchangeAskBuffer()))
            .add(decimal("auto_exchange_bid_rate", "Q", r -> ((AssetIndexEvent) r.event).autoExchangeBidRate()))
            .add(decimal("auto_exchange_ask_rate", "G", r -> ((AssetIndexEvent) r.event).autoExchangeAskRate()));
    }

    static Table tradingSession()
    {
        return event(EventType.TRADING_SESSION, "a futures trading session update (EquityUpdate, CommodityUpdate)")
            .add(text("market_type", "e: EquityUpdate or CommodityUpdate", r -> ((TradingSessionEvent) r.event).marketType()))
            .add(eventTime("start_time", "t", r -> ((TradingSessionEvent) r.event).startTime()))
            .add(eventTime("end_time", "T", r -> ((TradingSessionEvent) r.event).endTime()))
            .add(text("session_type", "S", r -> ((TradingSessionEvent) r.event).sessionType()));
    }

    static Table controlResponse()
    {
        return event(EventType.CONTROL_RESPONSE, "a reply to SUBSCRIBE and the other control messages")
            .add(bool("error", "the reply is an error", r -> ((ControlResponseEvent) r.event).error()))
            .add(text("id", "id, as JSON", r -> ((ControlResponseEvent) r.event).id()))
            .add(text("result", "result, as JSON", r -> ((ControlResponseEvent) r.event).result()))
            .add(optionalInt64("code", "error code", r -> ((ControlResponseEvent) r.event).error()
                ? ((ControlResponseEvent) r.event).code() : -1))
            .add(text("message", "error message", r -> ((ControlResponseEvent) r.event).message()));
    }

    static Table serverShutdown()
    {
        return event(EventType.SERVER_SHUTDOWN, "a server shutdown notice");
    }

    static Table raw()
    {
        return new Table(RAW, "every journaled frame, byte for byte, decoded or not")
            .addAll(Column.recvTime("when ticktape received the frame"))
            .add(Column.int64("recv_mono", "the recorder's monotonic clock at receipt, nanoseconds", r -> r.frame.recvMonoNanos()))
            .add(string("market", "spot, spot-sbe or usdm", r -> r.frame.market().wireName()))
            .add(int32("connection", "the recorder's connection id, per journal", r -> r.frame.connectionId()))
            .add(frameStream())
            .add(string("kind", "text, binary (SBE) or rest (a depth snapshot body)", r -> r.frame.kind().wireName()))
            .add(Column.blob("payload", "the frame's payload as received"));
    }

    static Table sessions()
    {
        return new Table(SESSIONS, "a session event: connects, disconnects, gaps, snapshots, starts and stops")
            .addAll(Column.recvTime("when the recorder journaled the event"))
            .add(string("type", "the event type (recordingStarted, connectionOpened, ...)", r -> r.session.type().wireName()))
            .add(int32("connection", "connection id", r -> connection(r.session)))
            .add(string("market", "market", r -> market(r.session)))
            .add(string("url", "connectionOpened, snapshotTaken: the URL (listen keys shown as <listenKey>)", r -> url(r.session)))
            .add(string("streams", "subscribed, unsubscribed: the streams, comma-separated", r -> streams(r.session)))
            .add(string("stream", "gapDetected: the stream", r -> r.session instanceof SessionEvent.GapDetected g ? g.stream() : null))
            .add(string("symbol", "snapshotTaken: the symbol", r -> r.session instanceof SessionEvent.SnapshotTaken s ? s.symbol() : null))
            .add(optionalInt64("last_id", "gapDetected: the last id before the gap",
                r -> r.session instanceof SessionEvent.GapDetected g ? g.lastId() : -1))
            .add(optionalInt64("next_id", "gapDetected: the first id after it",
                r -> r.session instanceof SessionEvent.GapDetected g ? g.nextId() : -1))
            .add(optionalInt64("last_update_id", "snapshotTaken: lastUpdateId",
                r -> r.session instanceof SessionEvent.SnapshotTaken s ? s.lastUpdateId() : -1))
            .add(int32("status", "connectionClosed: the close code; snapshotTaken: the HTTP status", r -> status(r.session)))
            .add(bool("remote", "connectionClosed: closed by the server", r -> r.session instanceof SessionEvent.ConnectionClosed c
                && c.remote()))
            .add(int32("replaced_connection", "overlap: the connection being replaced",
                r -> r.session instanceof SessionEvent.Overlap o ? o.replacedConnectionId() : -1))
            .add(optionalInt64("frames", "recordingStopped: frames recorded",
                r -> r.session instanceof SessionEvent.RecordingStopped s ? s.frames() : -1))
            .add(string("reason", "why (closes, gaps, overlaps, stops; archiveRemoved: age or disk; unsubscribed: delisted)",
                r -> reason(r.session)))
            .add(string("detail", "the whole event as text", r -> r.session.toString()))
            .add(Column.int64("journal_index", "the event's index in its journal", r -> r.sessionIndex));
    }

    /** {@code book_snapshot_<N>}: the top {@code levels} of every synced book at each interval. */
    static Table bookSnapshot(final int levels)
    {
        return new Table(BOOK_SNAPSHOT_PREFIX + levels, "one level of a local order book at an interval boundary")
            .addAll(Column.recvTime("the interval boundary, in receive time"))
            .add(string("market", "spot, spot-sbe or usdm: the market of the diff-depth stream the book is kept from", r -> r.book.market().wireName()))
            .add(string("symbol", "the symbol", r -> r.book.symbol()))
            .add(string("stream", "the diff-depth stream the book is kept from (a book per stream: two speeds of a symbol are two books)",
                r -> r.book.stream()))
            .add(int64("last_update_id", "the book's last applied update id", r -> r.book.lastUpdateId()))
            .add(int32("level", "0 is the best", r -> r.item))
            .add(bookPrice("bid_price", true, false))
            .add(bookPrice("bid_quantity", true, true))
            .add(bookPrice("ask_price", false, false))
            .add(bookPrice("ask_quantity", false, true))
            .clusteredBy("symbol", "market");
    }

    private static Column bookPrice(final String name, final boolean bid, final boolean quantity)
    {
        final Column.DecimalValue value = r ->
        {
            final OrderBook b = r.book;
            if (r.item >= (bid ? b.bidLevels() : b.askLevels()))
            {
                return null;
            }
            final long mantissa = bid
                ? (quantity ? b.bidQuantity(r.item) : b.bidPrice(r.item))
                : (quantity ? b.askQuantity(r.item) : b.askPrice(r.item));
            return r.decimal.set(mantissa, quantity ? b.quantityScale() : b.priceScale());
        };
        return quantity ? wideDecimal(name, (bid ? "bid" : "ask") + " quantity at the level", value)
            : decimal(name, (bid ? "bid" : "ask") + " price at the level", value);
    }

    private static Column frameStream()
    {
        return new Column.Varchar("stream", "the stream name (combined streams), or the journal's name for it")
        {
            @Override
            void write(final ValueSink out, final Row row)
            {
                final int length = row.frame.streamLength();
                bytesOrNull(out, length > 0 ? row.frame.buffer() : null, row.frame.streamOffset(), length);
            }
        };
    }

    private static long connection(final SessionEvent e)
    {
        if (e instanceof SessionEvent.ConnectionOpened o)
        {
            return o.connectionId();
        }
        if (e instanceof SessionEvent.ConnectionClosed c)
        {
            return c.connectionId();
        }
        if (e instanceof SessionEvent.Subscribed s)
        {
            return s.connectionId();
        }
        if (e instanceof SessionEvent.Unsubscribed u)
        {
            return u.connectionId();
        }
        if (e instanceof SessionEvent.GapDetected g)
        {
            return g.connectionId();
        }
        if (e instanceof SessionEvent.Overlap o)
        {
            return o.connectionId();
        }
        return -1;
    }

    private static String market(final SessionEvent e)
    {
        final dev.ticktape.core.Market m;
        if (e instanceof SessionEvent.ConnectionOpened o)
        {
            m = o.market();
        }
        else if (e instanceof SessionEvent.ConnectionClosed c)
        {
            m = c.market();
        }
        else if (e instanceof SessionEvent.Subscribed s)
        {
            m = s.market();
        }
        else if (e instanceof SessionEvent.Unsubscribed u)
        {
            m = u.market();
        }
        else if (e instanceof SessionEvent.GapDetected g)
        {
            m = g.market();
        }
        else if (e instanceof SessionEvent.SnapshotTaken s)
        {
            m = s.market();
        }
        else if (e instanceof SessionEvent.Overlap o)
        {
            m = o.market();
        }
        else
        {
            m = null;
        }
        return m == null ? null : m.wireName();
    }

    private static String url(final SessionEvent e)
    {
        if (e instanceof SessionEvent.ConnectionOpened o)
        {
            return o.url();
        }
        return e instanceof SessionEvent.SnapshotTaken s ? s.url() : null;
    }

    private static long status(final SessionEvent e)
    {
        if (e instanceof SessionEvent.ConnectionClosed c)
        {
            return c.code();
        }
        return e instanceof SessionEvent.SnapshotTaken s ? s.httpStatus() : -1;
    }

    private static String reason(final SessionEvent e)
    {
        if (e instanceof SessionEvent.ConnectionClosed c)
        {
            return c.reason();
        }
        if (e instanceof SessionEvent.GapDetected g)
        {
            return g.reason();
        }
        if (e instanceof SessionEvent.Overlap o)
        {
            return o.reason();
        }
        if (e instanceof SessionEvent.ArchiveRemoved a)
        {
            return a.reason();
        }
        if (e instanceof SessionEvent.Unsubscribed u)
        {
            return u.reason();
        }
        return e instanceof SessionEvent.RecordingStopped s ? s.reason() : null;
    }

    private static String streams(final SessionEvent e)
    {
        if (e instanceof SessionEvent.Subscribed s)
        {
            return String.join(",", s.streams());
        }
        return e instanceof SessionEvent.Unsubscribed u ? String.join(",", u.streams()) : null;
    }
}

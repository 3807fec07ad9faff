package dev.ticktape.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The ticktape version and the SBE schema it was built against.
 */
public final class Version
{
    /** The ticktape release, from the build. */
    public static final String TICKTAPE = load();

    /** Schema id of Binance's spot market-data stream SBE schema ({@code stream_1_0.xml}). */
    public static final int SBE_SCHEMA_ID = dev.ticktape.core.sbe.spot.MessageHeaderDecoder.SCHEMA_ID;

    /** Schema version of Binance's spot market-data stream SBE schema the codecs were generated from. */
    public static final int SBE_SCHEMA_VERSION = dev.ticktape.core.sbe.spot.MessageHeaderDecoder.SCHEMA_VERSION;

    private Version()
    {
    }

    private static String load()
    {
        try (InputStream in = Version.class.getResourceAsStream("version.properties"))
        {
            if (in == null)
            {
                return "unknown";
            }
            final Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        }
        catch (final IOException e)
        {
            return "unknown";
        }
    }
}

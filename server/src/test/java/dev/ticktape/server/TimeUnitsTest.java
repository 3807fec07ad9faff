package dev.ticktape.server;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimeUnitsTest
{
    private static String micro(final String json)
    {
        return new String(TimeUnits.toMicroseconds(json.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII);
    }

    @Test
    void timeFieldsGetMicrosecondsAndNothingElseChanges()
    {
        assertEquals("{\"e\":\"trade\",\"E\":1672515782136000,\"s\":\"BNBBTC\",\"t\":1234567890123,\"p\":\"0.001\",\"T\":1672515782136000,\"m\":true}",
            micro("{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BNBBTC\",\"t\":1234567890123,\"p\":\"0.001\",\"T\":1672515782136,\"m\":true}"));
        assertEquals("{\"e\":\"kline\",\"E\":1672515782136000,\"k\":{\"t\":1672515780000000,\"T\":1672515839999000,\"f\":100,\"s\":\"X\"},\"x\":1}",
            micro("{\"e\":\"kline\",\"E\":1672515782136,\"k\":{\"t\":1672515780000,\"T\":1672515839999,\"f\":100,\"s\":\"X\"},\"x\":1}"));
        assertEquals("{\"stream\":\"a@b\",\"data\":{\"E\":1672515782136123}}", micro("{\"stream\":\"a@b\",\"data\":{\"E\":1672515782136123}}"),
            "already in µs");
        assertEquals("{\"s\":\"\\\"E\\\":1672515782136\",\"u\":400900217}", micro("{\"s\":\"\\\"E\\\":1672515782136\",\"u\":400900217}"),
            "inside strings nothing changes");
    }
}

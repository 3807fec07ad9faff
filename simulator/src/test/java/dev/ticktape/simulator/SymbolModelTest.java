package dev.ticktape.simulator;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SymbolModelTest
{
    @Test
    void decimalsAreExactForEverySign()
    {
        assertEquals("0.00", SymbolModel.decimal(0, 2));
        assertEquals("0.02", SymbolModel.decimal(2, 2));
        assertEquals("-0.02", SymbolModel.decimal(-2, 2));
        assertEquals("-123.45", SymbolModel.decimal(-12345, 2));
        assertEquals("67012.50", SymbolModel.decimal(6701250, 2));
        assertEquals("7", SymbolModel.decimal(7, 0));
        assertEquals("-7", SymbolModel.decimal(-7, 0));
    }
}

package dev.ticktape.core.decode;

import java.nio.charset.StandardCharsets;

import static dev.ticktape.core.decode.JsonCursor.key;

/**
 * The Binance JSON field names the decoders switch on, packed by {@link JsonCursor#key(String)}.
 */
final class JsonKeys
{
    static final int K_E_LOWER = key("e");
    static final int K_E = key("E");
    static final int K_S_LOWER = key("s");
    static final int K_S = key("S");
    static final int K_T_LOWER = key("t");
    static final int K_T = key("T");
    static final int K_P_LOWER = key("p");
    static final int K_P = key("P");
    static final int K_Q_LOWER = key("q");
    static final int K_Q = key("Q");
    static final int K_M_LOWER = key("m");
    static final int K_A_LOWER = key("a");
    static final int K_A = key("A");
    static final int K_B_LOWER = key("b");
    static final int K_B = key("B");
    static final int K_F_LOWER = key("f");
    static final int K_F = key("F");
    static final int K_L_LOWER = key("l");
    static final int K_L = key("L");
    static final int K_U_LOWER = key("u");
    static final int K_U = key("U");
    static final int K_K = key("k");
    static final int K_I_LOWER = key("i");
    static final int K_O_LOWER = key("o");
    static final int K_O = key("O");
    static final int K_C_LOWER = key("c");
    static final int K_C = key("C");
    static final int K_H = key("h");
    static final int K_V_LOWER = key("v");
    static final int K_V = key("V");
    static final int K_N = key("n");
    static final int K_X_LOWER = key("x");
    static final int K_X = key("X");
    static final int K_W_LOWER = key("w");
    static final int K_W = key("W");
    static final int K_R = key("r");
    static final int K_Z = key("z");
    static final int K_G_LOWER = key("g");
    static final int K_G = key("G");
    static final int K_NQ = key("nq");
    static final int K_PU = key("pu");
    static final int K_PS = key("ps");
    static final int K_CT = key("ct");
    static final int K_AP = key("ap");
    static final int K_DT = key("dt");
    static final int K_OT = key("ot");
    static final int K_CS = key("cs");
    static final int K_ST = key("st");
    static final int K_BKS = key("bks");
    static final int K_BS = key("bs");
    static final int K_BNF = key("bnf");
    static final int K_BNC = key("bnc");
    static final int K_MMR = key("mmr");
    static final int K_CF = key("cf");
    static final int K_MI = key("mi");
    static final int K_MA = key("ma");
    static final int K_ID = key("id");
    static final int K_CODE = key("code");
    static final int K_MSG = key("msg");
    static final int K_BIDS = key("bids");
    static final int K_ASKS = key("asks");
    static final int K_DATA = key("data");
    static final byte[] LAST_UPDATE_ID = bytes("lastUpdateId");
    static final byte[] RESULT = bytes("result");


    private JsonKeys()
    {
    }

    static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package dev.ticktape.core.decode;

/**
 * Why a frame could not be decoded. Thrown inside the decoders only, always caught there and
 * turned into a call of {@link DecodeErrorHandler#onDecodeError}: it never reaches the caller's loop.
 * Instances are preallocated and carry no stack trace, so failing costs no allocation either.
 */
final class DecodeException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    static final DecodeException UNEXPECTED_END = new DecodeException("unexpected end of JSON");
    static final DecodeException UNEXPECTED_CHAR = new DecodeException("unexpected character in JSON");
    static final DecodeException BAD_NUMBER = new DecodeException("malformed number");
    static final DecodeException NUMBER_TOO_LONG = new DecodeException("number has more digits than a long holds");
    static final DecodeException BAD_LITERAL = new DecodeException("malformed true/false/null");
    static final DecodeException NESTED_TOO_DEEP = new DecodeException("JSON nested too deep");
    static final DecodeException TRAILING_DATA = new DecodeException("data after the JSON value");
    static final DecodeException MISSING_FIELD = new DecodeException("a required field is missing");
    static final DecodeException WRONG_TYPE = new DecodeException("a field has the wrong JSON type");
    static final DecodeException TOO_MANY_LEVELS = new DecodeException("more levels or items than the decoder holds");
    static final DecodeException SBE_TRUNCATED = new DecodeException("SBE message truncated");
    static final DecodeException SBE_UNKNOWN_SCHEMA = new DecodeException("SBE message of an unknown schema id");
    static final DecodeException SBE_UNKNOWN_VERSION = new DecodeException("SBE message of a newer schema version");
    static final DecodeException SBE_UNKNOWN_TEMPLATE = new DecodeException("SBE message of an unknown template id");
    static final DecodeException SBE_BAD_LENGTH = new DecodeException("SBE length field points past the end");
    static final DecodeException SBE_BAD_ENUM = new DecodeException("SBE enum field holds an undefined value");
    static final DecodeException EMPTY = new DecodeException("empty frame");

    private DecodeException(final String reason)
    {
        super(reason, null, false, false);
    }
}

package io.jcalico.bgp.codec;

/** NOTIFICATION error codes and subcodes (RFC 4271 §4.5, 4486, 5492, 6793, 7313, 8203). */
public final class ErrorCodes {
    private ErrorCodes() {
    }

    public static final int MESSAGE_HEADER = 1;
    public static final int OPEN_MESSAGE = 2;
    public static final int UPDATE_MESSAGE = 3;
    public static final int HOLD_TIMER_EXPIRED = 4;
    public static final int FSM_ERROR = 5;
    public static final int CEASE = 6;
    public static final int ROUTE_REFRESH_MESSAGE = 7;

    // Message header errors
    public static final int CONNECTION_NOT_SYNCHRONIZED = 1;
    public static final int BAD_MESSAGE_LENGTH = 2;
    public static final int BAD_MESSAGE_TYPE = 3;

    // OPEN errors
    public static final int UNSUPPORTED_VERSION = 1;
    public static final int BAD_PEER_AS = 2;
    public static final int BAD_BGP_IDENTIFIER = 3;
    public static final int UNSUPPORTED_OPTIONAL_PARAMETER = 4;
    public static final int UNACCEPTABLE_HOLD_TIME = 6;
    public static final int UNSUPPORTED_CAPABILITY = 7;

    // UPDATE errors
    public static final int MALFORMED_ATTRIBUTE_LIST = 1;
    public static final int UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE = 2;
    public static final int MISSING_WELL_KNOWN_ATTRIBUTE = 3;
    public static final int ATTRIBUTE_FLAGS_ERROR = 4;
    public static final int ATTRIBUTE_LENGTH_ERROR = 5;
    public static final int INVALID_ORIGIN = 6;
    public static final int INVALID_NEXT_HOP = 8;
    public static final int OPTIONAL_ATTRIBUTE_ERROR = 9;
    public static final int INVALID_NETWORK_FIELD = 10;
    public static final int MALFORMED_AS_PATH = 11;

    // FSM errors (RFC 6608)
    public static final int FSM_UNEXPECTED_IN_OPENSENT = 1;
    public static final int FSM_UNEXPECTED_IN_OPENCONFIRM = 2;
    public static final int FSM_UNEXPECTED_IN_ESTABLISHED = 3;

    // Cease (RFC 4486)
    public static final int CEASE_MAX_PREFIXES = 1;
    public static final int CEASE_ADMIN_SHUTDOWN = 2;
    public static final int CEASE_PEER_DECONFIGURED = 3;
    public static final int CEASE_ADMIN_RESET = 4;
    public static final int CEASE_CONNECTION_REJECTED = 5;
    public static final int CEASE_OTHER_CONFIG_CHANGE = 6;
    public static final int CEASE_CONNECTION_COLLISION = 7;
    public static final int CEASE_OUT_OF_RESOURCES = 8;

    // ROUTE-REFRESH errors (RFC 7313)
    public static final int INVALID_ROUTE_REFRESH_LENGTH = 1;

    /** A short readable name such as "UPDATE/Malformed AS_PATH" for logs and the API. */
    public static String describe(int code, int subcode) {
        String c = switch (code) {
            case MESSAGE_HEADER -> "Message Header Error";
            case OPEN_MESSAGE -> "OPEN Message Error";
            case UPDATE_MESSAGE -> "UPDATE Message Error";
            case HOLD_TIMER_EXPIRED -> "Hold Timer Expired";
            case FSM_ERROR -> "Finite State Machine Error";
            case CEASE -> "Cease";
            case ROUTE_REFRESH_MESSAGE -> "ROUTE-REFRESH Message Error";
            default -> "code " + code;
        };
        String s = switch (code) {
            case MESSAGE_HEADER -> switch (subcode) {
                case 1 -> "Connection Not Synchronized";
                case 2 -> "Bad Message Length";
                case 3 -> "Bad Message Type";
                default -> null;
            };
            case OPEN_MESSAGE -> switch (subcode) {
                case 1 -> "Unsupported Version Number";
                case 2 -> "Bad Peer AS";
                case 3 -> "Bad BGP Identifier";
                case 4 -> "Unsupported Optional Parameter";
                case 6 -> "Unacceptable Hold Time";
                case 7 -> "Unsupported Capability";
                default -> null;
            };
            case UPDATE_MESSAGE -> switch (subcode) {
                case 1 -> "Malformed Attribute List";
                case 2 -> "Unrecognized Well-known Attribute";
                case 3 -> "Missing Well-known Attribute";
                case 4 -> "Attribute Flags Error";
                case 5 -> "Attribute Length Error";
                case 6 -> "Invalid ORIGIN Attribute";
                case 8 -> "Invalid NEXT_HOP Attribute";
                case 9 -> "Optional Attribute Error";
                case 10 -> "Invalid Network Field";
                case 11 -> "Malformed AS_PATH";
                default -> null;
            };
            case CEASE -> switch (subcode) {
                case 1 -> "Maximum Number of Prefixes Reached";
                case 2 -> "Administrative Shutdown";
                case 3 -> "Peer De-configured";
                case 4 -> "Administrative Reset";
                case 5 -> "Connection Rejected";
                case 6 -> "Other Configuration Change";
                case 7 -> "Connection Collision Resolution";
                case 8 -> "Out of Resources";
                default -> null;
            };
            default -> null;
        };
        return s == null ? (subcode == 0 ? c : c + "/subcode " + subcode) : c + "/" + s;
    }
}

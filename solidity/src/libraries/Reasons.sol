// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title Reasons
/// @notice Why the oracle rejected a request. Every rejection that is the request's fault is
/// answered on chain with one of these, never with silence. Values are part of the ABI; append only.
library Reasons {
    /// @notice The re-encryption key does not hash to the grant's commitment.
    uint8 internal constant REKEY_MISMATCH = 1;
    /// @notice The re-encryption key blob could not be opened or parsed.
    uint8 internal constant MALFORMED_REKEY = 2;
    /// @notice The record's PRE capsule failed the validity check or could not be parsed.
    uint8 internal constant MALFORMED_CAPSULE = 3;
    /// @notice A referenced object is not on IPFS (after retries).
    uint8 internal constant MISSING_OBJECT = 4;
    /// @notice The requester is not enrolled, or has been removed.
    uint8 internal constant REQUESTER_NOT_ENROLLED = 5;
    /// @notice The requester is suspended.
    uint8 internal constant REQUESTER_SUSPENDED = 6;
    /// @notice An assigned attribute is unknown to the attribute registry.
    uint8 internal constant UNKNOWN_ATTRIBUTES = 7;
    /// @notice The requester's attributes changed between the request and the answer.
    uint8 internal constant ATTRIBUTES_CHANGED = 8;
    /// @notice The grant was revoked, expired, or its record version superseded before the answer.
    uint8 internal constant GRANT_NOT_LIVE = 9;
    /// @notice The requester has no transport key to deliver to.
    uint8 internal constant NO_TRANSPORT_KEY = 10;
    /// @notice The highest defined reason; larger values are refused.
    uint8 internal constant MAX = 10;
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessLedger} from "../../src/AccessLedger.sol";
import {AttributeReads} from "../../src/AttributeReads.sol";
import {KeywordIndex} from "../../src/KeywordIndex.sol";
import {IAccessLedger} from "../../src/interfaces/IAccessLedger.sol";
import {Dleq} from "../../src/libraries/Dleq.sol";
import {ProxyFixture} from "./ProxyFixture.sol";

/// @title GateFixture
/// @notice `ProxyFixture` plus the gates whose answers the committees give (AccessLedger,
/// KeywordIndex, AttributeReads) and committee `COMMITTEE`: members 1 to 3 (proxies 1 to 3),
/// threshold 2, through its DKG to Active. Helpers for requests, grants and get-access calls.
abstract contract GateFixture is ProxyFixture {
    AccessLedger internal ledger;
    KeywordIndex internal index;
    AttributeReads internal reads;

    function setUp() public virtual override {
        super.setUp();
        ledger = new AccessLedger(registry, records, network);
        index = new KeywordIndex(registry, network);
        reads = new AttributeReads(registry, records, attributes, network);
        require(activeCommittee(3, 2) == COMMITTEE, "the default committee");
    }

    bytes32 internal constant REKEY_BUNDLE_HASH = keccak256("rekey bundle");
    bytes internal constant REKEY_BUNDLE_REF = "bafyrekeybundle";
    /// @dev The default grant: 2 of the committee's members 1, 2 and 3.
    uint16 internal constant MEMBERS = 0x7;
    uint8 internal constant THRESHOLD = 2;

    /// @notice `n` fake SEC 1 compressed points; on chain only their count and hash matter.
    function fakePoints(uint256 n, string memory tag) internal pure returns (bytes memory c) {
        for (uint256 i; i < n; ++i) {
            c = bytes.concat(c, bytes1(0x02), keccak256(abi.encode(tag, i)));
        }
    }

    /// @notice `n` share commitments as a grant carries them: points of the curve, 64-byte x ‖ y.
    function shareCommitments(uint256 n) internal returns (bytes memory c) {
        for (uint256 i; i < n; ++i) {
            Dleq.Point memory p = mulG(uint256(keccak256(abi.encode("share commitment", i))));
            c = bytes.concat(c, abi.encodePacked(p.x, p.y));
        }
    }

    function requestAs(address requester_, bytes32 recordId, uint8 operation) internal returns (uint64) {
        vm.prank(requester_);
        return ledger.requestAccess(recordId, operation, TREATMENT);
    }

    /// @notice A grant from now for `duration` seconds allowing exactly `operation`, one use, 2-of-3.
    function grantInput(uint8 operation, uint256 duration)
        internal
        view
        returns (IAccessLedger.GrantInput memory g)
    {
        g.notBefore = uint64(block.timestamp);
        g.notAfter = uint64(block.timestamp + duration);
        g.operations = uint8(1) << operation;
        g.maxUses = 1;
        g.committeeId = COMMITTEE;
        g.threshold = THRESHOLD;
        g.memberMask = MEMBERS;
        g.bundleHash = REKEY_BUNDLE_HASH;
        g.bundleRef = REKEY_BUNDLE_REF;
    }

    /// @notice The terms of each grant made through these helpers, as AccessGranted emits them.
    mapping(uint64 requestId => IAccessLedger.Grant) internal grants;

    function grantWith(uint64 requestId, IAccessLedger.GrantInput memory g) internal {
        grantWith(requestId, g, shareCommitments(_popcount(g.memberMask)));
    }

    function grantWith(uint64 requestId, IAccessLedger.GrantInput memory g, bytes memory commitments)
        internal
    {
        address patient_ = ledger.patientOf(requestId);
        vm.prank(patient_);
        ledger.grantAccess(requestId, g, commitments);
        grants[requestId] = termsOf(requestId, g, commitments);
    }

    /// @notice The terms `grantAccess` stores the hash of, computed here from what was granted.
    function termsOf(uint64 requestId, IAccessLedger.GrantInput memory g, bytes memory commitments)
        internal
        view
        returns (IAccessLedger.Grant memory t)
    {
        IAccessLedger.Request memory q = ledger.request(requestId);
        t = IAccessLedger.Grant({
            notBefore: g.notBefore,
            notAfter: g.notAfter,
            operations: g.operations,
            committeeId: g.committeeId,
            threshold: g.threshold,
            memberMask: g.memberMask,
            commitment: keccak256(
                abi.encode(
                    g.bundleHash,
                    keccak256(commitments),
                    q.requester,
                    q.recordId,
                    q.version,
                    records.capsuleHashOf(q.recordId),
                    g.committeeId,
                    g.threshold,
                    g.memberMask
                )
            )
        });
    }

    /// @notice `requester_`'s get-access on `requestId` with the terms it was granted with.
    function invoke(address requester_, uint64 requestId) internal returns (uint64) {
        IAccessLedger.Grant memory t = grants[requestId];
        vm.prank(requester_);
        return ledger.getAccess(requestId, t);
    }

    /// @notice Grants `requestId` from now for `duration` seconds with `uses` uses.
    function grant(uint64 requestId, uint256 duration, uint16 uses) internal {
        IAccessLedger.GrantInput memory g = grantInput(ledger.request(requestId).operation, duration);
        g.maxUses = uses;
        grantWith(requestId, g);
    }

    function grant(uint64 requestId, uint256 duration) internal {
        grant(requestId, duration, 1);
    }

    /// @notice A record, a read request by `requester` and a one-day, one-use grant for it.
    function grantedRequest() internal returns (bytes32 recordId, uint64 requestId) {
        recordId = createRecord(1);
        requestId = requestAs(requester, recordId, 0);
        grant(requestId, 1 days);
    }

    /// @notice `grantedRequest` plus one pending get-access call.
    function pendingAccess() internal returns (bytes32 recordId, uint64 requestId, uint64 accessId) {
        (recordId, requestId) = grantedRequest();
        accessId = invoke(requester, requestId);
    }
}

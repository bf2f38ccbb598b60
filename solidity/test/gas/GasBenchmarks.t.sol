// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessLedger} from "../../src/interfaces/IAccessLedger.sol";
import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {IThresholdAnswers} from "../../src/interfaces/IThresholdAnswers.sol";
import {PolicyProgram} from "../../src/libraries/PolicyProgram.sol";
import {GateFixture} from "../lib/GateFixture.sol";

/// @title GasBenchmarks
/// @notice Gas of the record and access operations as whole transactions, written to the
/// snapshots directory (group "emrchain") by `forge test` and `forge snapshot`: a record's put
/// with the patient's approval, and the threshold access round (request, 2-of-3 grant,
/// get-access, two commits of which the second is the receipt, two reveals). Benchmarks, not
/// assertions; the access round's goal (at most 1.5 × the single-proxy round's 390,824 gas) is
/// compared in the commit that changes these figures, not here.
/// @dev Isolated: every top-level call runs as its own transaction, so `snapshotGasLastCall` is
/// the whole transaction's gas (21,000 intrinsic, calldata, cold accounts and slots included),
/// the figure a receipt reports. Inputs are realistic in size and in zero bytes: CIDv1 strings,
/// points of the curve, 64-byte proofs.
/// forge-config: default.isolate = true
/// forge-config: ci.isolate = true
contract GasBenchmarks is GateFixture {
    string internal constant GROUP = "emrchain";
    uint256 internal constant BATCH = 20;

    /// @dev A provider version and the patient's approval as the client sends them: SHA-256
    /// hashes, a CID-sized encrypted location, CIDv1 references, a gate and its committee.
    function realisticVersion(uint256 salt)
        internal
        pure
        returns (IRecordRegistry.VersionInput memory input, IRecordRegistry.Approval memory approval)
    {
        input.contentHash = sha256(abi.encode("sealed envelope", salt));
        input.policyHash = keccak256(abi.encode("policy program", salt));
        input.encryptedLocation =
            abi.encodePacked(keccak256(abi.encode("ct*", salt)), keccak256(abi.encode(salt)));
        approval.capsuleHash = sha256(abi.encode("capsule", salt));
        approval.capsuleRef = "bafkreidgvpkjawlxz6sffxzwgooowe5yt7i6wsyg236mfoks77nywkptdq";
        approval.gateHash = sha256(abi.encode("gate", salt));
        approval.gateRef = "bafkreie5cvv4h45feaxqxfnzaonwopofwjonu5v5vfmtpl7ryquhqxsa4i";
        approval.committeeId = COMMITTEE;
    }

    function putRecord(uint256 salt) internal returns (bytes32 recordId) {
        (IRecordRegistry.VersionInput memory input, IRecordRegistry.Approval memory approval) =
            realisticVersion(salt);
        recordId = records.recordIdFor(patient, provider, saltFor(salt));
        (bytes memory ps, bytes memory qs) = cosign(patientKey, providerKey, recordId, 1, input, approval);
        records.createRecord(patient, provider, saltFor(salt), input, approval, ps, qs);
    }

    /// @notice A record's first version: the provider's version and the patient's approval
    /// (capsule, gate, committee) in one transaction.
    function test_gas_createRecord() public {
        putRecord(1);
        vm.snapshotGasLastCall(GROUP, "RecordRegistry.createRecord");
    }

    function test_gas_updateRecord() public {
        bytes32 id = putRecord(1);
        (IRecordRegistry.VersionInput memory input, IRecordRegistry.Approval memory approval) =
            realisticVersion(2);
        (bytes memory ps, bytes memory qs) = cosign(patientKey, providerKey, id, 2, input, approval);
        records.updateRecord(id, provider, input, approval, ps, qs);
        vm.snapshotGasLastCall(GROUP, "RecordRegistry.updateRecord");
    }

    struct Round {
        uint256 request;
        uint256 grant;
        uint256 getAccess;
        uint256 commit;
        uint256 fulfil;
        uint256 reveal;
        uint256 reveal2;
    }

    /// @dev One access round on `recordId` with members 1 and 2 of the 2-of-3 committee
    /// answering; returns each step's gas.
    function accessRound(bytes32 recordId, uint256 salt) internal returns (Round memory r) {
        vm.prank(requester);
        uint64 requestId = ledger.requestAccess(recordId, 0, TREATMENT);
        r.request = vm.lastCallGas().gasTotalUsed;

        IAccessLedger.GrantInput memory g = grantInput(0, 1 days);
        g.bundleHash = sha256(abi.encode("re-key bundle", salt));
        g.bundleRef = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
        bytes memory c = shareCommitments(3);
        vm.prank(patient);
        ledger.grantAccess(requestId, g, c);
        r.grant = vm.lastCallGas().gasTotalUsed;

        IAccessLedger.Grant memory t = termsOf(requestId, g, c);
        vm.prank(requester);
        uint64 accessId = ledger.getAccess(requestId, t);
        r.getAccess = vm.lastCallGas().gasTotalUsed;

        bytes[3] memory fragments;
        bytes[3] memory proofs;
        for (uint8 m = 1; m <= 2; ++m) {
            Case memory k = prove(
                uint256(keccak256(abi.encode("share", m))),
                uint256(keccak256(abi.encode("capsule E", salt))),
                uint256(keccak256(abi.encode("nonce", salt, m))),
                ledger.fragmentContext(requestId, m)
            );
            fragments[m] = compressed(k.q);
            proofs[m] = encodeProof(k.proof);
            vm.prank(proxies[m - 1]);
            ledger.commit(accessId, requestId, requester, m, keccak256(fragments[m]));
            if (m == 1) r.commit = vm.lastCallGas().gasTotalUsed;
            else r.fulfil = vm.lastCallGas().gasTotalUsed;
        }
        assertEq(
            uint256(ledger.answerState(accessId).status),
            uint256(IThresholdAnswers.AnswerStatus.Fulfilled),
            "the second commit is the receipt"
        );
        for (uint8 m = 1; m <= 2; ++m) {
            vm.prank(proxies[m - 1]);
            ledger.reveal(accessId, m, fragments[m], proofs[m]);
            if (m == 1) r.reveal = vm.lastCallGas().gasTotalUsed;
            else r.reveal2 = vm.lastCallGas().gasTotalUsed;
        }
    }

    function total(Round memory r) internal pure returns (uint256) {
        return r.request + r.grant + r.getAccess + r.commit + r.fulfil + r.reveal + r.reveal2;
    }

    /// @notice The threshold access round, 2-of-3: request, grant, get-access, two commits (the
    /// second fulfils: the receipt), two reveals. The second round on the record is the one
    /// snapshotted step by step (the first pays once for the ledger's counters going from zero);
    /// both totals are kept, and the round with the record's put before it.
    function test_gas_accessRound() public {
        bytes32 recordId = putRecord(1);
        uint256 put = vm.lastCallGas().gasTotalUsed;
        Round memory first = accessRound(recordId, 1);
        Round memory r = accessRound(recordId, 2);
        vm.snapshotValue(GROUP, "AccessLedger.requestAccess", r.request);
        vm.snapshotValue(GROUP, "AccessLedger.grantAccess(2-of-3)", r.grant);
        vm.snapshotValue(GROUP, "AccessLedger.getAccess", r.getAccess);
        vm.snapshotValue(GROUP, "AccessLedger.commit", r.commit);
        vm.snapshotValue(GROUP, "AccessLedger.commit (fulfilling: the receipt)", r.fulfil);
        vm.snapshotValue(GROUP, "AccessLedger.reveal", r.reveal);
        vm.snapshotValue(GROUP, "AccessLedger.reveal (second)", r.reveal2);
        vm.snapshotValue(
            GROUP, "access round (2-of-3: request, grant, get-access, 2 commits, 2 reveals)", total(r)
        );
        vm.snapshotValue(GROUP, "access round (2-of-3), the ledger's first", total(first));
        vm.snapshotValue(
            GROUP, "record put and approval, then its first access round (2-of-3)", put + total(first)
        );
    }

    /// @notice A patient's index: its first epoch's 2-of-3 key, a requester, twenty entries, a
    /// search over them and a token request.
    function test_gas_index() public {
        bytes memory c;
        for (uint256 i; i < 3; ++i) {
            c = bytes.concat(c, compressed(mulG(uint256(keccak256(abi.encode("index share", i))))));
        }
        // Arguments first: sha256 is a call (to its precompile), which would take the prank.
        bytes32 bundleHash = sha256("index bundle");
        vm.prank(patient);
        uint32 epoch = index.registerIndexKey(
            COMMITTEE, 2, 0x7, bundleHash, "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", c
        );
        vm.snapshotGasLastCall(GROUP, "KeywordIndex.registerIndexKey(2-of-3)");

        vm.prank(patient);
        index.addRequester(requester);
        vm.snapshotGasLastCall(GROUP, "KeywordIndex.addRequester");

        bytes32 token = keccak256("token:hypertension");
        bytes32[] memory labels = new bytes32[](BATCH);
        bytes32[] memory values = new bytes32[](BATCH);
        for (uint256 i; i < BATCH; ++i) {
            labels[i] = index.labelAt(token, i);
            values[i] = keccak256(abi.encode("masked entry", i));
        }
        vm.prank(patient);
        index.addEntries(epoch, labels, values);
        uint256 used = vm.snapshotGasLastCall(GROUP, "KeywordIndex.addEntries(20)");
        vm.snapshotValue(GROUP, "KeywordIndex.addEntries(20) per entry", used / BATCH);

        vm.prank(requester);
        (bytes32[] memory found,) = index.search(patient, token, 0, BATCH);
        vm.snapshotGasLastCall(GROUP, "KeywordIndex.search(20 entries)");
        assertEq(found.length, BATCH, "search found every entry");

        // An erased record's entries: one per keyword it was indexed under (three here), and the
        // client's tag of the batch.
        bytes32[] memory gone = new bytes32[](4);
        for (uint256 i; i < 4; ++i) {
            gone[i] = labels[i * 5];
        }
        vm.prank(patient);
        index.removeEntries(gone);
        vm.snapshotGasLastCall(GROUP, "KeywordIndex.removeEntries(4)");

        bytes memory blindedPoint = compressed(mulG(uint256(keccak256("blinded keyword"))));
        vm.prank(requester);
        uint64 id = index.requestToken(patient, epoch, blindedPoint);
        uint256 round = vm.snapshotGasLastCall(GROUP, "KeywordIndex.requestToken");
        round += answerRound(
            address(index), id, requester, uint256(keccak256("blinded keyword")), "KeywordIndex"
        );
        vm.snapshotValue(GROUP, "token round (2-of-3: request, 2 commits, 2 reveals)", round);
    }

    /// @dev Members 1 and 2 commit to request `id` at `gate` (the second fulfils) and reveal
    /// shares x_m·H for H = h·G with valid proofs; returns the four calls' gas.
    function answerRound(address gate, uint64 id, address requester_, uint256 h, string memory name)
        internal
        returns (uint256 used)
    {
        IThresholdAnswers answers = IThresholdAnswers(gate);
        bytes[3] memory fragments;
        bytes[3] memory proofs;
        for (uint8 m = 1; m <= 2; ++m) {
            Case memory k = prove(
                uint256(keccak256(abi.encode("share", m))),
                h,
                uint256(keccak256(abi.encode("k", m))),
                bytes32(0)
            );
            fragments[m] = compressed(k.q);
            proofs[m] = encodeProof(k.proof);
            vm.prank(proxies[m - 1]);
            answers.commit(id, id, requester_, m, keccak256(fragments[m]));
            used += vm.snapshotGasLastCall(
                GROUP, string.concat(name, m == 1 ? ".commit" : ".commit (fulfilling)")
            );
        }
        for (uint8 m = 1; m <= 2; ++m) {
            vm.prank(proxies[m - 1]);
            answers.reveal(id, m, fragments[m], proofs[m]);
            used += vm.snapshotGasLastCall(
                GROUP, string.concat(name, m == 1 ? ".reveal" : ".reveal (second)")
            );
        }
        assertEq(answers.answerState(id).revealMask, 0x3, "both revealed");
    }

    /// @notice An attribute read: the requester's read request (the policy, two attributes of
    /// two authorities' kind, evaluated on chain) and the committee's 2-of-3 answer.
    function test_gas_attributeRead() public {
        bytes32[] memory held = new bytes32[](2);
        vm.startPrank(authority);
        held[0] = attributes.defineAttribute("role:doctor");
        held[1] = attributes.defineAttribute("dept:cardiology");
        attributes.assignAttributes(requester, held);
        vm.stopPrank();
        bytes memory program = bytes.concat(
            PolicyProgram.leaf(held[0]), PolicyProgram.leaf(held[1]), PolicyProgram.threshold(2, 2)
        );
        (IRecordRegistry.VersionInput memory input, IRecordRegistry.Approval memory approval) =
            realisticVersion(1);
        input.policyHash = keccak256(program);
        bytes32 recordId = records.recordIdFor(patient, provider, saltFor(1));
        (bytes memory ps, bytes memory qs) = cosign(patientKey, providerKey, recordId, 1, input, approval);
        records.createRecord(patient, provider, saltFor(1), input, approval, ps, qs);

        uint256 h = uint256(keccak256("C1'"));
        bytes memory blindedPoint = compressed(mulG(h));
        bytes memory blindingKey = compressed(mulG(uint256(keccak256("B"))));
        bytes memory blindingProof = bytes.concat(keccak256("c"), keccak256("s"));
        vm.prank(requester);
        uint64 id = reads.requestRead(recordId, program, blindedPoint, blindingProof, blindingKey);
        uint256 round = vm.snapshotGasLastCall(GROUP, "AttributeReads.requestRead(2 attributes)");
        round += answerRound(address(reads), id, requester, h, "AttributeReads");
        vm.snapshotValue(GROUP, "attribute read (2-of-3: request, 2 commits, 2 reveals)", round);
    }
}

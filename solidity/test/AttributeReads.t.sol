// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAttributeReads} from "../src/interfaces/IAttributeReads.sol";
import {IProxyNetwork} from "../src/interfaces/IProxyNetwork.sol";
import {IRecordRegistry} from "../src/interfaces/IRecordRegistry.sol";
import {IRegistry} from "../src/interfaces/IRegistry.sol";
import {IThresholdAnswers} from "../src/interfaces/IThresholdAnswers.sol";
import {PolicyProgram} from "../src/libraries/PolicyProgram.sol";
import {GateFixture} from "./lib/GateFixture.sol";

/// @notice The read request: the policy checked on chain against the requester's attributes now,
/// and what a member's commit is held to afterwards. The members' answers are tested with the
/// answer machinery.
contract AttributeReadsTest is GateFixture {
    uint64 internal committeeId;
    bytes32 internal doctor;
    bytes32 internal cardiology;
    bytes internal program;
    bytes32 internal recordId;

    function setUp() public override {
        super.setUp();
        committeeId = COMMITTEE;
        vm.startPrank(authority);
        doctor = attributes.defineAttribute("role:doctor");
        cardiology = attributes.defineAttribute("dept:cardiology");
        vm.stopPrank();
        program = bytes.concat(
            PolicyProgram.leaf(doctor), PolicyProgram.leaf(cardiology), PolicyProgram.threshold(2, 2)
        );
        recordId = gatedRecord(1, program, committeeId);
        assign(requester, doctor);
        assign(requester, cardiology);
    }

    function gatedRecord(uint256 salt, bytes memory program_, uint64 committee) internal returns (bytes32) {
        IRecordRegistry.VersionInput memory input = inputFor(salt);
        input.policyHash = keccak256(program_);
        IRecordRegistry.Approval memory approval = approvalFor(salt, input);
        approval.committeeId = committee;
        return createRecordWith(patientKey, providerKey, saltFor(salt), input, approval);
    }

    function assign(address holder, bytes32 id) internal {
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = id;
        vm.prank(authority);
        attributes.assignAttributes(holder, ids);
    }

    function revoke(address holder, bytes32 id) internal {
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = id;
        vm.prank(authority);
        attributes.revokeAttributes(holder, ids);
    }

    function blinded() internal pure returns (bytes memory) {
        return bytes.concat(bytes1(0x02), keccak256("C1'"));
    }

    function blindingKey() internal pure returns (bytes memory) {
        return bytes.concat(bytes1(0x03), keccak256("B"));
    }

    function proof() internal pure returns (bytes memory) {
        return bytes.concat(keccak256("c"), keccak256("s"));
    }

    function readAs(address who) internal returns (uint64) {
        vm.prank(who);
        return reads.requestRead(recordId, program, blinded(), proof(), blindingKey());
    }

    function expectReadRefused(address who, bytes memory err) internal {
        vm.expectRevert(err);
        vm.prank(who);
        reads.requestRead(recordId, program, blinded(), proof(), blindingKey());
    }

    function test_constructor_storesDependencies() public view {
        assertEq(address(reads.registry()), address(registry), "registry");
        assertEq(address(reads.records()), address(records), "records");
        assertEq(address(reads.attributes()), address(attributes), "attributes");
        assertEq(address(reads.proxyNetwork()), address(network), "network");
    }

    // ------------------------------------------------------------ requestRead

    function test_requestRead_recordsTheReadWithTheAttributesUsed() public {
        bytes32[] memory used = new bytes32[](2);
        used[0] = doctor;
        used[1] = cardiology;
        vm.expectEmit(true, true, true, true, address(reads));
        emit IAttributeReads.ReadRequested(
            1,
            patient,
            requester,
            recordId,
            1,
            keccak256(program),
            committeeId,
            2,
            used,
            blinded(),
            blindingKey(),
            proof()
        );
        uint64 id = readAs(requester);
        assertEq(id, 1, "first read");
        assertEq(reads.readCount(), 1, "count");
        IAttributeReads.Read memory r = reads.read(id);
        assertEq(r.requester, requester, "requester");
        assertEq(r.recordId, recordId, "record");
        assertEq(r.version, 1, "version");
        assertEq(r.requesterRole, uint256(IRegistry.Role.Requester), "role");
        assertEq(r.threshold, 2, "the committee's threshold");
        assertEq(r.committeeId, committeeId, "committee");
        assertEq(r.policyHash, keccak256(program), "policy");
        assertEq(r.revision, 0, "revision");
        assertEq(r.blindedHash, keccak256(blinded()), "blinded point hash");
        assertEq(reads.patientOf(id), patient, "patient");
        (bool live,) = reads.checkRead(id);
        assertTrue(live, "answerable");
    }

    function test_requestRead_byProvider() public {
        assign(provider2, doctor);
        assign(provider2, cardiology);
        uint64 id = readAs(provider2);
        assertEq(reads.read(id).requesterRole, uint256(IRegistry.Role.Provider), "provider");
    }

    function test_requestRead_revertsWhenPolicyNotSatisfied() public {
        assign(requester2, doctor);
        expectReadRefused(
            requester2,
            abi.encodeWithSelector(IAttributeReads.PolicyNotSatisfied.selector, requester2, recordId)
        );
    }

    /// @dev A revoked attribute blocks the very next read.
    function test_requestRead_revertsRightAfterRevocation() public {
        readAs(requester);
        revoke(requester, cardiology);
        expectReadRefused(
            requester,
            abi.encodeWithSelector(IAttributeReads.PolicyNotSatisfied.selector, requester, recordId)
        );
    }

    /// @dev A suspended requester's next read is refused.
    function test_requestRead_revertsForSuspendedRequester() public {
        suspend(requester);
        expectReadRefused(
            requester, abi.encodeWithSelector(IAttributeReads.RequesterNotActive.selector, requester)
        );
    }

    function test_requestRead_revertsForPatientAndStranger() public {
        expectReadRefused(
            patient, abi.encodeWithSelector(IAttributeReads.RequesterNotActive.selector, patient)
        );
        expectReadRefused(
            stranger, abi.encodeWithSelector(IAttributeReads.RequesterNotActive.selector, stranger)
        );
    }

    function test_requestRead_revertsOnAnotherProgram() public {
        bytes memory other = bytes.concat(
            PolicyProgram.leaf(doctor), PolicyProgram.leaf(cardiology), PolicyProgram.threshold(1, 2)
        );
        vm.expectRevert(
            abi.encodeWithSelector(
                IAttributeReads.ProgramMismatch.selector, recordId, keccak256(program), keccak256(other)
            )
        );
        vm.prank(requester);
        reads.requestRead(recordId, other, blinded(), proof(), blindingKey());
    }

    function test_requestRead_revertsWithoutPolicy() public {
        vm.prank(patient);
        records.changePolicy(recordId, bytes32(0), bytes32(0), 0, "");
        expectReadRefused(requester, abi.encodeWithSelector(IAttributeReads.NoPolicy.selector, recordId));
    }

    function test_requestRead_revertsForDeletedOrUnknownRecord() public {
        vm.prank(patient);
        records.deleteRecord(recordId);
        expectReadRefused(
            requester, abi.encodeWithSelector(IAttributeReads.RecordNotActive.selector, recordId)
        );
    }

    function test_requestRead_revertsForRetiredCommittee() public {
        vm.prank(admin);
        network.retire(committeeId);
        expectReadRefused(
            requester, abi.encodeWithSelector(IAttributeReads.CommitteeNotActive.selector, committeeId)
        );
    }

    function test_requestRead_revertsForCommitteeStillInItsDkg() public {
        uint64 pending = createCommittee(3, 2);
        recordId = gatedRecord(2, program, pending);
        expectReadRefused(
            requester, abi.encodeWithSelector(IAttributeReads.CommitteeNotActive.selector, pending)
        );
    }

    function test_requestRead_revertsOnMalformedBlinding() public {
        vm.startPrank(requester);
        vm.expectRevert(abi.encodeWithSelector(IAttributeReads.InvalidEncoding.selector, 32, 33));
        reads.requestRead(recordId, program, abi.encode(keccak256("x")), proof(), blindingKey());
        vm.expectRevert(abi.encodeWithSelector(IAttributeReads.InvalidEncoding.selector, 34, 33));
        reads.requestRead(recordId, program, blinded(), proof(), bytes.concat(blindingKey(), hex"00"));
        vm.expectRevert(abi.encodeWithSelector(IAttributeReads.InvalidEncoding.selector, 63, 64));
        reads.requestRead(
            recordId, program, blinded(), bytes.concat(keccak256("c"), bytes31(0)), blindingKey()
        );
        vm.stopPrank();
    }

    function test_blindingContext_bindsChainContractRequesterAndRecord() public view {
        assertEq(
            reads.blindingContext(requester, recordId),
            keccak256(
                abi.encode(
                    keccak256("emrchain/read-request/v1"), block.chainid, address(reads), requester, recordId
                )
            ),
            "context"
        );
        assertNotEq(
            reads.blindingContext(requester2, recordId),
            reads.blindingContext(requester, recordId),
            "per requester"
        );
    }

    // -------------------------------------------------------------- liveness

    function expectDead(uint64 id, bytes4 selector) internal view {
        (bool live, bytes4 err) = reads.checkRead(id);
        assertFalse(live, "no longer answerable");
        assertEq(bytes32(err), bytes32(selector), "reason");
    }

    /// @dev Revoking any of the requester's attributes (even one the policy does not use) moves its
    /// revision, and members stop answering: the re-check is one storage read, not a re-evaluation.
    function test_checkRead_attributeRevokedMeanwhile() public {
        uint64 id = readAs(requester);
        revoke(requester, cardiology);
        expectDead(id, IAttributeReads.AttributesChanged.selector);
        assign(requester, cardiology);
        expectDead(id, IAttributeReads.AttributesChanged.selector); // re-assigning does not revive it
    }

    function test_checkRead_requesterSuspendedMeanwhile() public {
        uint64 id = readAs(requester);
        suspend(requester);
        expectDead(id, IAttributeReads.RequesterNotActive.selector);
        reinstate(requester);
        (bool live,) = reads.checkRead(id);
        assertTrue(live, "answerable again once reinstated");
    }

    function test_checkRead_recordUpdatedOrDeletedMeanwhile() public {
        uint64 id = readAs(requester);
        IRecordRegistry.VersionInput memory input = inputFor(9);
        input.policyHash = keccak256(program);
        IRecordRegistry.Approval memory approval = approvalFor(9, input);
        approval.committeeId = committeeId;
        updateRecordWith(providerKey, recordId, input, approval);
        expectDead(id, IAttributeReads.RecordVersionStale.selector);
        uint64 id2 = readAs(requester);
        vm.prank(patient);
        records.deleteRecord(recordId);
        expectDead(id2, IAttributeReads.RecordVersionStale.selector);
    }

    /// @dev Narrowing a record's policy stops reads in flight under the old one.
    function test_checkRead_policyChangedMeanwhile() public {
        uint64 id = readAs(requester);
        bytes memory narrower = bytes.concat(
            PolicyProgram.leaf(doctor),
            PolicyProgram.leaf(cardiology),
            PolicyProgram.leaf(keccak256("hospital-a/role:chief")),
            PolicyProgram.threshold(3, 3)
        );
        vm.prank(patient);
        records.changePolicy(recordId, keccak256(narrower), keccak256("gate 2"), committeeId, "gate 2");
        expectDead(id, IAttributeReads.PolicyChanged.selector);
    }

    function test_checkRead_roleChangedMeanwhile() public {
        uint64 id = readAs(requester);
        vm.mockCall(
            address(registry),
            abi.encodeWithSelector(IRegistry.roleOf.selector, requester),
            abi.encode(IRegistry.Role.Provider, IRegistry.Status.Active)
        );
        expectDead(id, IAttributeReads.RoleChanged.selector);
        vm.clearMockedCalls();
    }

    function test_checkRead_unknownRead() public view {
        expectDead(7, IAttributeReads.UnknownRead.selector);
    }

    // ---------------------------------------------------------------- answers

    uint256 internal constant C1_LOG = 0xc1c1;

    /// @dev C1' as a known multiple of G, so the members' shares can be made with the test prover.
    function realBlinded() internal returns (bytes memory) {
        return compressed(mulG(C1_LOG));
    }

    function realRead() internal returns (uint64) {
        bytes memory b = realBlinded();
        vm.prank(requester);
        return reads.requestRead(recordId, program, b, proof(), blindingKey());
    }

    /// @dev Member i's secret share x_i, as ProxyFixture made its public share X_i = x_i·G.
    function secretShare(uint8 member) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode("public share", uint256(member - 1))));
    }

    function shareOf(uint64 readId, uint8 member, uint256 secret)
        internal
        returns (bytes memory fragment, bytes memory proof_, bytes memory witness)
    {
        Case memory c = prove(
            secret,
            C1_LOG,
            uint256(keccak256(abi.encode("k", readId, member))),
            reads.shareContext(readId, member)
        );
        return (compressed(c.q), encodeProof(c.proof), encodeWitness(c.witness));
    }

    function commitShare(uint64 readId, uint8 member, bytes memory fragment) internal {
        vm.prank(proxies[member - 1]);
        reads.commit(readId, readId, requester, member, keccak256(fragment));
    }

    function test_answers_tCommitsAnswerTheReadOnThePatientsTimeline() public {
        uint64 id = realRead();
        (bytes memory f1,,) = shareOf(id, 1, secretShare(1));
        (bytes memory f3,,) = shareOf(id, 3, secretShare(3));
        commitShare(id, 1, f1);
        vm.expectEmit(true, true, true, true, address(reads));
        emit IAttributeReads.ReadAnswered(id, patient, requester, 0x5);
        commitShare(id, 3, f3);
        assertEq(
            uint256(reads.answerState(id).status),
            uint256(IThresholdAnswers.AnswerStatus.Fulfilled),
            "answered"
        );
    }

    /// @dev A revoked attribute stops the read in flight: the next commit rejects it.
    function test_answers_revocationInFlightRejectsTheRead() public {
        uint64 id = realRead();
        (bytes memory f1,,) = shareOf(id, 1, secretShare(1));
        commitShare(id, 1, f1);
        revoke(requester, doctor);
        (bytes memory f2,,) = shareOf(id, 2, secretShare(2));
        vm.expectEmit(true, true, true, true, address(reads));
        emit IAttributeReads.ReadRejected(id, patient, requester, IAttributeReads.AttributesChanged.selector);
        commitShare(id, 2, f2);
        assertEq(
            uint256(reads.answerState(id).status),
            uint256(IThresholdAnswers.AnswerStatus.Rejected),
            "rejected"
        );
    }

    function test_answers_everyCommitteeMemberMayAnswer() public {
        uint64 id = realRead();
        assertEq(reads.read(id).memberMask, 0x7, "all three members");
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.NotNamedMember.selector, id, 4));
        vm.prank(proxies[3]);
        reads.commit(id, id, requester, 4, keccak256("f"));
    }

    function test_reportFault_namesAWrongShare() public {
        uint64 id = realRead();
        (bytes memory good, bytes memory goodProof, bytes memory goodWitness) = shareOf(id, 1, secretShare(1));
        (bytes memory bad, bytes memory badProof, bytes memory badWitness) =
            shareOf(id, 2, secretShare(2) + 1);
        commitShare(id, 1, good);
        commitShare(id, 2, bad);
        vm.prank(proxies[0]);
        reads.reveal(id, 1, good, goodProof);
        vm.prank(proxies[1]);
        reads.reveal(id, 2, bad, badProof);
        bytes memory statement = abi.encode(publicShares(3), realBlinded());
        vm.expectRevert(abi.encodeWithSelector(IAttributeReads.StatementMismatch.selector, id));
        reads.reportFault(id, 2, bad, badProof, badWitness, abi.encode(publicShares(3), blinded()));
        bytes memory otherShares = points("other shares", 3);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.SharesMismatch.selector, COMMITTEE));
        reads.reportFault(id, 2, bad, badProof, badWitness, abi.encode(otherShares, realBlinded()));

        vm.expectEmit(true, true, false, true, address(reads));
        emit IAttributeReads.ReadFaulted(id, patient, 2, proxies[1]);
        reads.reportFault(id, 2, bad, badProof, badWitness, statement);

        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.FragmentValid.selector, id, 1));
        reads.reportFault(id, 1, good, goodProof, goodWitness, statement);
    }

    function test_shareContext_bindsChainContractReadAndMember() public view {
        assertEq(
            reads.shareContext(7, 2),
            keccak256(
                abi.encode("emrchain/read-share/v1", block.chainid, address(reads), uint256(7), uint256(2))
            ),
            "context"
        );
    }
}

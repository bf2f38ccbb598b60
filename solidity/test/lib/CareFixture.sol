// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {CareReads} from "../../src/CareReads.sol";
import {Consents} from "../../src/Consents.sol";
import {EmergencyAccess} from "../../src/EmergencyAccess.sol";
import {Guardians} from "../../src/Guardians.sol";
import {Recovery} from "../../src/Recovery.sol";
import {ICareReads} from "../../src/interfaces/ICareReads.sol";
import {ICareRule} from "../../src/interfaces/ICareRule.sol";
import {IGuardians} from "../../src/interfaces/IGuardians.sol";
import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {IRegistry} from "../../src/interfaces/IRegistry.sol";
import {GateFixture} from "./GateFixture.sol";

/// @title CareFixture
/// @notice `GateFixture` plus the care contracts (EmergencyAccess, Guardians, Consents, their
/// CareReads gate, Recovery), RecordRegistry pointed at Guardians, an emergency-room provider
/// (`er`, organisation ER, marked as emergency staff), a GP practice provider (`gp`, organisation
/// GP) and a guardian (`parent`, an enrolled requester), and helpers for records that carry the
/// network capsule and a category.
abstract contract CareFixture is GateFixture {
    EmergencyAccess internal emergency;
    Guardians internal guardians;
    Consents internal consents;
    CareReads internal care;
    Recovery internal recovery;

    address internal er;
    address internal gp;
    address internal parent;
    uint256 internal parentKey;
    address internal aunt;
    uint256 internal auntKey;
    address internal uncle;

    bytes32 internal constant ORG_ER = keccak256("org:er-hospital");
    bytes32 internal constant ORG_GP = keccak256("org:gp-practice");
    bytes32 internal constant LAB = keccak256("laboratory");
    bytes32 internal constant IMAGING = keccak256("imaging");
    bytes32 internal constant REASON = bytes32("unconscious");
    /// @dev Flag bit 1: the version's gate object carries the network capsule.
    uint8 internal constant NETWORK_CAPSULE = 2;

    uint8 internal constant SCOPE_GRANT = 1;
    uint8 internal constant SCOPE_REVOKE = 2;
    uint8 internal constant SCOPE_TIMELINE = 4;
    uint8 internal constant SCOPE_COSIGN = 8;
    uint8 internal constant SCOPE_ERASE = 16;

    function setUp() public virtual override {
        super.setUp();
        emergency = new EmergencyAccess(registry);
        guardians = new Guardians(registry, records);
        consents = new Consents(registry, records, attributes);
        care = new CareReads(
            registry,
            records,
            network,
            ICareRule(address(emergency)),
            ICareRule(address(guardians)),
            ICareRule(address(consents))
        );
        recovery = new Recovery(registry);
        records.setGuardians(address(guardians));

        er = makeAddr("er");
        gp = makeAddr("gp");
        (parent, parentKey) = makeKey("parent");
        (aunt, auntKey) = makeKey("aunt");
        uncle = makeAddr("uncle");
        enrollIn(er, IRegistry.Role.Provider, ORG_ER);
        enrollIn(gp, IRegistry.Role.Provider, ORG_GP);
        enrollIn(parent, IRegistry.Role.Requester, bytes32(0));
        enrollIn(aunt, IRegistry.Role.Requester, bytes32(0));
        enrollIn(uncle, IRegistry.Role.Requester, bytes32(0));
        vm.prank(admin);
        emergency.setEmergencyStaff(er, true);
    }

    function enrollIn(address account, IRegistry.Role role, bytes32 org) internal {
        vm.prank(registrar);
        registry.enroll(
            account,
            role,
            org,
            keccak256(abi.encode("meta", account)),
            keccak256(abi.encode("x25519", account)),
            preKeyOf(account)
        );
    }

    // ---------------------------------------------------------------- records

    /// @notice The patient's approval with the network capsule in the gate object and `category`.
    function careApproval(uint256 salt, IRecordRegistry.VersionInput memory input, bytes32 category)
        internal
        pure
        returns (IRecordRegistry.Approval memory a)
    {
        a = approvalFor(salt, input);
        a.flags = NETWORK_CAPSULE;
        a.gateHash = sha256(abi.encode("gate", salt));
        a.gateRef = abi.encodePacked("gate", salt);
        a.committeeId = COMMITTEE;
        a.category = category;
    }

    /// @notice A record of `patient` by `provider` with the network capsule and `category`, no policy.
    function careRecord(uint256 salt, bytes32 category) internal returns (bytes32) {
        IRecordRegistry.VersionInput memory input = inputFor(salt);
        input.policyHash = bytes32(0);
        return
            createRecordWith(
                patientKey, providerKey, saltFor(salt), input, careApproval(salt, input, category)
            );
    }

    /// @notice Version n+1 of `recordId`, still with the network capsule and `category`.
    function careUpdate(bytes32 recordId, uint256 salt, bytes32 category) internal returns (uint32) {
        IRecordRegistry.VersionInput memory input = inputFor(salt);
        input.policyHash = bytes32(0);
        return updateRecordWith(providerKey, recordId, input, careApproval(salt, input, category));
    }

    // ------------------------------------------------------------------ reads

    uint256 internal constant C1_LOG = 0xc1c1;

    /// @dev C1' as a known multiple of G, so the members' shares can be made with the test prover.
    function blindedPoint() internal returns (bytes memory) {
        return compressed(mulG(C1_LOG));
    }

    function blindingKey() internal pure returns (bytes memory) {
        return bytes.concat(bytes1(0x03), keccak256("B"));
    }

    function blindingProof() internal pure returns (bytes memory) {
        return bytes.concat(keccak256("c"), keccak256("s"));
    }

    function readAs(address who, ICareReads.Rule rule, uint64 ruleId, bytes32 recordId)
        internal
        returns (uint64)
    {
        bytes memory b = blindedPoint();
        vm.prank(who);
        return care.requestRead(rule, ruleId, recordId, b, blindingProof(), blindingKey());
    }

    function expectReadRefused(
        address who,
        ICareReads.Rule rule,
        uint64 ruleId,
        bytes32 recordId,
        bytes memory err
    ) internal {
        bytes memory b = blindedPoint();
        vm.expectRevert(err);
        vm.prank(who);
        care.requestRead(rule, ruleId, recordId, b, blindingProof(), blindingKey());
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
            care.shareContext(readId, member)
        );
        return (compressed(c.q), encodeProof(c.proof), encodeWitness(c.witness));
    }

    function commitShare(uint64 readId, uint8 member) internal {
        (bytes memory f,,) = shareOf(readId, member, secretShare(member));
        address reader = care.read(readId).requester;
        vm.prank(proxies[member - 1]);
        care.commit(readId, readId, reader, member, keccak256(f));
    }

    // -------------------------------------------------------------- guardians

    function addGuardian(address who, uint8 scopes, uint256 validFor) internal {
        vm.prank(patient);
        guardians.setGuardian(who, scopes, uint64(block.timestamp + validFor));
    }

    /// @notice `parent` and `aunt` (all scopes, a year) with threshold 2.
    function twoGuardians() internal {
        addGuardian(parent, 31, 365 days);
        addGuardian(aunt, 31, 365 days);
        vm.prank(patient);
        guardians.setThreshold(2);
    }

    /// @notice A guardian grant made by `parent` and `aunt` for `reader` on `recordId`.
    function guardianGrant(address reader, bytes32 recordId, uint256 window)
        internal
        returns (uint64 grantId)
    {
        vm.prank(parent);
        uint64 p = guardians.propose(
            patient, IGuardians.Action.Grant, recordId, reader, uint64(block.timestamp + window), 0
        );
        vm.prank(aunt);
        guardians.approve(p);
        grantId = guardians.grantCount();
    }
}

package contracts

import "fmt"

// Registry roles, the ordinals of IRegistry.Role.
const (
	RolePatient            uint8 = 1
	RoleProvider           uint8 = 2
	RoleRequester          uint8 = 3
	RoleOracle             uint8 = 4
	RoleAttributeAuthority uint8 = 5
	RoleProxy              uint8 = 6
)

var roleNames = map[uint8]string{
	RolePatient: "patient", RoleProvider: "provider", RoleRequester: "requester",
	RoleOracle: "oracle", RoleAttributeAuthority: "attribute-authority", RoleProxy: "proxy",
}

// RoleName is the stable name of a Registry role, used on the command line, in timelines and JSON.
func RoleName(r uint8) string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return fmt.Sprintf("role-%d", r)
}

// ParseRole is the inverse of RoleName.
func ParseRole(s string) (uint8, error) {
	for r, n := range roleNames {
		if n == s {
			return r, nil
		}
	}
	return 0, fmt.Errorf("unknown role %q (patient, provider, requester, oracle, attribute-authority, proxy)", s)
}

package flags

import (
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/oracle/service"
)

// parse runs an app with Flags and returns what ReadConfig made of args.
func parse(t *testing.T, args ...string) (service.Config, error) {
	t.Helper()
	var cfg service.Config
	var rerr error
	app := &cli.App{Name: "oracle", Flags: Flags(), Action: func(c *cli.Context) error {
		cfg, rerr = ReadConfig(c)
		return nil
	}}
	if err := app.Run(append([]string{"oracle"}, args...)); err != nil {
		t.Fatal(err)
	}
	return cfg, rerr
}

func TestDefaults(t *testing.T) {
	cfg, err := parse(t)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, service.DefaultConfig()) {
		t.Fatalf("flags' defaults differ from DefaultConfig:\n%+v\n%+v", cfg, service.DefaultConfig())
	}
}

func TestEveryFlagHasItsEnvVar(t *testing.T) {
	for _, f := range Flags() {
		name := f.Names()[0]
		ev, ok := f.(interface{ GetEnvVars() []string })
		if !ok || len(ev.GetEnvVars()) != 1 || ev.GetEnvVars()[0] != EnvVar(name) || !strings.HasPrefix(EnvVar(name), "EMRCHAIN_ORACLE_") {
			t.Errorf("flag --%s is not bound to %s", name, EnvVar(name))
		}
	}
	if EnvVar(MaxBatchFlag) != "EMRCHAIN_ORACLE_MAX_BATCH" {
		t.Fatal(EnvVar(MaxBatchFlag))
	}
}

func TestFlagsAndEnvironment(t *testing.T) {
	t.Setenv(EnvVar(RoleFlag), "proxy")
	t.Setenv(EnvVar(ConfirmationsFlag), "12")
	t.Setenv(EnvVar(IPFSAPIFlag), "http://127.0.0.1:5001")
	cfg, err := parse(t, "--rpc", "ws://node:8546", "--manifest", "m.json", "--max-batch", "7",
		"--batch-wait", "3s", "--min-tip-cap-gwei", "1.5", "--metrics-addr", "", "--state", "s.db", "--key-dir", "keys")
	if err != nil {
		t.Fatal(err)
	}
	want := service.DefaultConfig()
	want.Role, want.Finality, want.IPFSAPI = service.RoleProxy, logpoller.Depth(12), "http://127.0.0.1:5001"
	want.RPCURL, want.Manifest, want.MaxBatch, want.BatchWait = "ws://node:8546", "m.json", 7, 3*time.Second
	want.MinTipCap, want.MetricsAddr, want.StatePath, want.KeyDir = big.NewInt(1_500_000_000), "", "s.db", "keys"
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("got\n%+v\nwant\n%+v", cfg, want)
	}
}

func TestAddresses(t *testing.T) {
	a := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	cfg, err := parse(t, "--access-ledger", a.Hex(), "--key-issuer", a.Hex())
	if err != nil || cfg.Addresses.Access != a || cfg.Addresses.Keys != a {
		t.Fatalf("%+v %v", cfg.Addresses, err)
	}
}

func TestRefusals(t *testing.T) {
	for _, args := range [][]string{
		{"--role", "oracle"},
		{"--access-ledger", "not-an-address"},
		{"--manifest", "m.json", "--registry", "0x00000000000000000000000000000000000000aa"},
		{"--ipfs-api", "http://x", "--ipfs-dir", "d"},
		{"--min-tip-cap-gwei", "-1"},
	} {
		if _, err := parse(t, args...); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

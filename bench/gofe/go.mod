module github.com/emrchain/emrchain/bench/gofe

go 1.26.8

require github.com/fentec-project/gofe v0.0.0-20220829150550-ccc7482d20ef

require (
	github.com/fentec-project/bn256 v0.0.0-20190726093940-0d0fc8bfeed0 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	golang.org/x/crypto v0.0.0-20211115234514-b4de73f9ece8 // indirect
	golang.org/x/sys v0.0.0-20210615035016-665e8c7367d1 // indirect
)

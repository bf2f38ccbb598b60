package eventcatalog

//go:generate go run ./gen -out ../docs/events.md -interfaces ../solidity/src/interfaces

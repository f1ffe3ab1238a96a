//go:build tools

// Package tools records the Pulumi CLI as a dependency of this module so that
// go.mod and go.sum pin it. It is never compiled.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)

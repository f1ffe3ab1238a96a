// Command pulumi-language-go (this repository's code-generation-only Go language host;
// scripts/go-sdk.sh builds it and puts it on PATH for `pulumi package gen-sdk --language go`)
// answers GeneratePackage with the Go code generator of the pinned CLI release
// (github.com/pulumi/pulumi/pkg/v3/codegen/go, as ../go.mod pins it), the code the release's own
// pulumi-language-go runs. That host is never tagged, so the Go module proxy serves no version of
// it (github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3: "not available").
// It runs no Go program: every other request is unimplemented.
package main

import (
	"context"

	"github.com/chat-members/pulumi-codegen-hosts/hostkit"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
)

func main() {
	hostkit.Serve(codegenHost{}, func() {})
}

type codegenHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

func (codegenHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// GeneratePackage writes a package's Go SDK.
func (codegenHost) GeneratePackage(
	_ context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	return hostkit.GeneratePackage(req, func(pkg *schema.Package, _ schema.ReferenceLoader) (map[string][]byte, error) {
		return gogen.GeneratePackage("pulumi-language-go", pkg, req.GetLocalDependencies())
	})
}

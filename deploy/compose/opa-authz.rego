# What the OPA server of docker-compose.yml lets its callers do (started with --authorization=basic).
#
# Without this policy OPA's REST API lets anyone who reaches it replace policies and data (PUT /v1/policies,
# PUT and PATCH /v1/data). Here it only answers decisions, POST /v1/data/<rule> with an input, which is all the
# platform's remote engine asks, and its health check. Policy and data change by editing policy/ and restarting
# OPA, never over the network. OpaComposeServiceIT proves both sides with the real server.
package system.authz

default allow := false

allow if {
	input.method == "POST"
	input.path[0] == "v1"
	input.path[1] == "data"
	count(input.path) > 2
}

allow if {
	input.method == "GET"
	input.path == ["health"]
}

# Which images may run, decided at registration and update from facts the platform reads from the
# container engine. Rules are data (data.faas.image, policy/data/faas/image/data.json).
#
# Input:
#   {"namespace": "default", "subject": "dev@example.com",
#    "image": {"reference": "registry.example.com/team/fn@sha256:...", "registry": "registry.example.com",
#              "digest_pinned": true, "local": false, "user": "65534:65534"}}
# Entry point data.faas.image.decision: {"allow": bool, "reason": string}. Denied unless every rule holds.
#
# Entry point data.faas.image.pull, same shape, is asked before the engine pulls an image it does not have: only
# the rules the reference alone decides (registry, digest pinning), so the engine never contacts a registry the
# image would be refused for. "user" is empty then; the full decision follows once the image is pulled.
package faas.image

default decision := {"allow": false, "reason": "denied by default"}

default pull := {"allow": false, "reason": "denied by default"}

pull := {"allow": true, "reason": "image may be pulled"} if {
	count(reference_violations) == 0
	image_given
}

pull := {"allow": false, "reason": concat("; ", sort(reference_violations))} if {
	count(reference_violations) > 0
}

decision := {"allow": true, "reason": "image allowed"} if {
	count(violations) == 0
	image_given
}

decision := {"allow": false, "reason": concat("; ", sort(violations))} if {
	count(violations) > 0
}

violations contains violation if some violation in reference_violations

reference_violations contains "image facts missing" if not image_given

# A named rule: a negated call would fail, not succeed, when input.image is missing.
image_given if is_object(input.image)

reference_violations contains sprintf("registry %s is not allowed", [registry]) if {
	registry := image_registry
	not registry_allowed(registry)
}

reference_violations contains sprintf("images from %s must be pinned by digest", [image_registry]) if {
	some required in data.faas.image.digest_required_registries
	required == image_registry
	not input.image.digest_pinned == true
}

violations contains "the image runs as root; namespace does not allow root images" if {
	runs_as_root
	not root_allowed_in_namespace
}

# A local image was built on this engine and carries no registry host.
image_registry := "local" if input.image.local == true

image_registry := input.image.registry if not input.image.local == true

registry_allowed(registry) if {
	some allowed in data.faas.image.allowed_registries
	allowed == registry
}

# An image without a configured user runs as root unless the platform overrides it.
runs_as_root if input.image.user == ""

runs_as_root if input.image.user == "root"

runs_as_root if startswith(input.image.user, "root:")

# The engine reads a numeric user as a number: "0", "00", "+0", "-0" and "0:1000" all run as uid 0.
runs_as_root if regex.match(`^[+-]?0+(:.*)?$`, input.image.user)

root_allowed_in_namespace if {
	some namespace in data.faas.image.root_allowed_namespaces
	namespace == input.namespace
}

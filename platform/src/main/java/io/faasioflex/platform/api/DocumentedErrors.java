package io.faasioflex.platform.api;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Documents, in the OpenAPI document, the error answers every operation of a controller may give. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ApiResponse(
        responseCode = "4XX",
        description = "An error: its status and {code, message, requestId}",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@ApiResponse(
        responseCode = "5XX",
        description = "The platform or a dependency failed; nothing changed: {code, message, requestId}",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
public @interface DocumentedErrors {}

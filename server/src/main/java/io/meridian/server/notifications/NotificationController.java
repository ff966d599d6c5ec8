package io.meridian.server.notifications;

import io.meridian.server.api.definitions.Bodies;
import io.meridian.server.api.executions.Page;
import io.meridian.server.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/notifications}: receivers POSTed a signed JSON summary when an execution ends, and their delivery
 * history. Administrators register and delete them; viewers read them (never the secret).
 */
@RestController
@Tag(name = "notifications")
public class NotificationController {

    private static final int MAX_SIZE = 500;

    private final NotificationService service;

    public NotificationController(NotificationService service) {
        this.service = service;
    }

    @PostMapping("/api/v1/notifications")
    @Operation(summary = "Register a notification: on each listed execution event, the execution summary is POSTed as"
            + " JSON to url with X-Meridian-Signature: sha256=<hex HMAC-SHA256 of the body keyed with secret>",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = NotificationBody.class))),
            responses = {
                    @ApiResponse(responseCode = "201", description = "registered (the secret is never answered)"),
                    @ApiResponse(responseCode = "400", description = "bad name, url (or refused by url-deny), events or secret"),
                    @ApiResponse(responseCode = "409", description = "the name is taken")})
    public ResponseEntity<NotificationView> create(@RequestBody(required = false) String json) {
        NotificationView created = service.create(Bodies.read(json, NotificationBody.class, "notification"));
        return ResponseEntity.created(URI.create("/api/v1/notifications/" + created.name())).body(created);
    }

    @GetMapping("/api/v1/notifications")
    @Operation(summary = "Registered notifications (never their secrets)")
    public List<NotificationView> list() {
        return service.list();
    }

    @GetMapping("/api/v1/notifications/{name}")
    @Operation(summary = "One notification (never its secret)", responses = {
            @ApiResponse(responseCode = "200", description = "the notification"),
            @ApiResponse(responseCode = "404", description = "no such notification")})
    public NotificationView get(@PathVariable String name) {
        return service.get(name);
    }

    @DeleteMapping("/api/v1/notifications/{name}")
    @Operation(summary = "Delete a notification and its delivery history", responses = {
            @ApiResponse(responseCode = "204", description = "deleted"),
            @ApiResponse(responseCode = "404", description = "no such notification")})
    public ResponseEntity<Void> delete(@PathVariable String name) {
        service.delete(name);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/notifications/{name}/deliveries")
    @Operation(summary = "Deliveries of a notification, newest first: event, execution, state (PENDING, DELIVERED,"
            + " FAILED) and every attempt with its time, duration, status code or error", responses = {
            @ApiResponse(responseCode = "200", description = "one page of deliveries"),
            @ApiResponse(responseCode = "400", description = "bad page or size"),
            @ApiResponse(responseCode = "404", description = "no such notification")})
    public Page<DeliveryView> deliveries(@PathVariable String name,
                                         @Parameter(description = "page number, from 0") @RequestParam(defaultValue = "0") int page,
                                         @Parameter(description = "deliveries per page, 1-500") @RequestParam(defaultValue = "50") int size) {
        if (page < 0) {
            throw ApiProblem.badRequest("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiProblem.badRequest("size", "must be between 1 and " + MAX_SIZE);
        }
        return service.deliveries(name, page, size);
    }
}

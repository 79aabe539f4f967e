package io.firstline.customer;

public record CustomerRef(long id, String displayName) {
}

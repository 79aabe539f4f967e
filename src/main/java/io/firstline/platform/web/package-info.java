/** Errors as problem+json for every module. */
@org.springframework.modulith.NamedInterface("web")
package io.firstline.platform.web;

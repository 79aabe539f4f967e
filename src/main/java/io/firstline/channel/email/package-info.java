/** The email channel; its settings and signatures are a named interface so the simulator can act as its provider. */
@org.springframework.modulith.NamedInterface("email")
package io.firstline.channel.email;

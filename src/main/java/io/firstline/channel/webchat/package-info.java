/** The webchat channel; its settings and signatures are a named interface so the simulator can act as its provider. */
@org.springframework.modulith.NamedInterface("webchat")
package io.firstline.channel.webchat;

/** The customer channels (web chat, e-mail, phone, WeChat): webhook verification, parsing, and replies through each provider. */
package io.firstline.channel;

package dev.surge.cache.spring.boot.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Boot application whose URLs Spring MVC routes by request headers (content negotiation, {@code produces})
 * and whose tags come from typed path variables. Spring Security is left out (it has its own tests).
 */
@SpringBootApplication(excludeName = {
    "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
public class ShopApplication {}

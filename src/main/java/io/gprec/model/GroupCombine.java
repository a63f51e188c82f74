package io.gprec.model;

/** How the G per-group patterns form r_G (Eq. 6): concatenated (G·d wide) or summed (d wide). */
public enum GroupCombine { SUM, CONCAT }

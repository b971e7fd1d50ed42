package dev.fabric.servicedef.model;

public enum RoleKind { WEB, WORKER }

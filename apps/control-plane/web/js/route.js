// Hash navigation, kept apart from main.js so pages can navigate without importing the shell.
export const navigate = (route) => (location.hash = `#/${route}`);

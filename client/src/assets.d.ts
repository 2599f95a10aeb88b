// Vite imports CSS for its side effect; this lets any tsconfig (root or client) accept it.
declare module "*.css";
